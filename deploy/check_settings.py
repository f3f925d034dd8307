"""Checks that docs/OPERATIONS.md lists every setting exactly as the code reads it: the
table under "## Settings" must have one row per setting of `baton config settings
--markdown`, with the same variable, default, secrecy and readers (its last column, what
the setting does, is the docs' own). A setting added, renamed or re-defaulted in the code
cannot go undocumented.  Usage: check_settings.py GENERATED.md OPERATIONS.md"""

import sys

HEADER = ["setting", "default", "secret", "read by"]


def rows(text, source):
    """The table rows (lists of cells) of the first table whose header starts with HEADER."""
    table, found = [], False
    for line in text.splitlines():
        if not line.startswith("|"):
            if found:
                break
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not found:
            found = cells[: len(HEADER)] == HEADER
        elif not set(line) <= set("|-: "):
            table.append(cells[: len(HEADER)])
    if not found:
        sys.exit(f"deploy-check: {source}: no settings table (header {' | '.join(HEADER)})")
    return {row[0]: row for row in table}


generated_path, docs_path = sys.argv[1], sys.argv[2]
generated = rows(open(generated_path).read(), "baton config settings --markdown")
documented = rows(open(docs_path).read(), docs_path)
problems = []
for name, row in generated.items():
    if name not in documented:
        problems.append(f"{name} is read by the code but missing from {docs_path} (*Settings*)")
    elif documented[name] != row:
        problems.append(f"{name}: {docs_path} says {' | '.join(documented[name])}, the code {' | '.join(row)}")
for name in documented.keys() - generated.keys():
    problems.append(f"{name} is documented in {docs_path} but no code reads it")
for problem in problems:
    print(f"deploy-check: {problem}", file=sys.stderr)
if problems:
    sys.exit(1)
print(f"deploy-check: settings: {docs_path} lists all {len(generated)} settings as the code reads them")
