"""pagefacts: structured data (metadata, citations, quotations, entities) from analysis pages.

The package holds the pure stages; ``flows/`` wires them into Prefect flows.
"""

__version__ = "0.1.0"

#: Bumped whenever an extractor's output for the same input can change; part of the
#: incremental-run fingerprint, so a bump re-extracts every page.
EXTRACTOR_VERSION = "1"
