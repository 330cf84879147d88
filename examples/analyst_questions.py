"""Questions an analyst asks of pagefacts output, answered with DuckDB and pandas.

usage: python examples/analyst_questions.py [OUTPUT_DIR]   (default: output)
"""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb
import pandas as pd

QUESTIONS = {
    "Most-cited periodicals and sites": """
        select container_title, count(*) as citations
        from read_parquet('{out}/parquet/citations/*.parquet')
        where container_title is not null and ibid_of is null
        group by 1 order by 2 desc, 1 limit 10""",
    "Who is quoted most": """
        select speaker, count(*) as quotations, count(distinct document_id) as pages
        from read_parquet('{out}/parquet/quotes/*.parquet')
        where is_quotation and speaker is not null
        group by 1 order by 2 desc, 1 limit 10""",
    "Pages per author": """
        select author, count(*) as pages
        from (select unnest(authors) as author
              from read_parquet('{out}/parquet/documents/*.parquet'))
        group by 1 order by 2 desc, 1""",
    "Most-mentioned people and organisations": """
        select name, type, mention_count, document_count
        from read_parquet('{out}/parquet/entities/*.parquet')
        where type in ('PERSON', 'ORG')
        order by mention_count desc, name limit 10""",
    "Notes with data-quality issues": """
        select d.title, c.note_number, c.issue.kind as issue, c.issue.message as detail
        from (select document_id, note_number, unnest(issues) as issue
              from read_parquet('{out}/parquet/citations/*.parquet')) c
        join read_parquet('{out}/parquet/documents/*.parquet') d
          on c.document_id = d.document_id
        order by 1, 2 limit 10""",
}


def answers(out: Path) -> dict[str, pd.DataFrame]:
    """Every question's answer as a DataFrame."""
    con = duckdb.connect()
    return {title: con.execute(sql.format(out=out.as_posix())).df()
            for title, sql in QUESTIONS.items()}


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "output")
    if not (out / "parquet").exists():
        sys.exit(f"no published output under {out}: run 'pagefacts run' first")
    # pandas reads a table directly, too:
    documents = pd.read_parquet(out / "parquet" / "documents")
    print(f"{len(documents)} page(s): {', '.join(documents['title'].fillna('(untitled)'))}\n")
    for title, frame in answers(out).items():
        print(f"## {title}\n{frame.to_string(index=False)}\n")


if __name__ == "__main__":
    main()
