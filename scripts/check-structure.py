#!/usr/bin/env python3
"""Checks the two shape rules of DESIGN.md §3 that the compiler does not:

1. Each target imports only what its row of the table allows (the `import` lines of its sources).
2. No function, initialiser or accessor body is longer than 80 lines, except schema DDL (files whose
   name ends in `Schema.swift`, or a function marked with the comment `// structure: schema DDL`).

Run from the repository root: `python3 scripts/check-structure.py`. Prints each breach with
file:line and exits 1 if there is one; prints a one-line summary and exits 0 otherwise.
A test (`StructureRuleTests`) runs it, so `swift test` fails when a rule is broken.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LONGEST_FUNCTION = 80

# DESIGN.md §3: the Praxis modules each target may import. System modules (Foundation, Glibc, ...)
# and third-party packages are not listed here; only imports of our own targets are checked, plus
# the one third-party rule the design states (GRDB stays in the store).
OWN_TARGETS = {
    "PraxisMail", "PraxisCommunity", "PraxisStore", "PraxisSystem", "PraxisDelivery", "PraxisWeb",
    "PraxisDaemon", "CCurl", "CCrypto", "CSQLiteConfig",
}
ALLOWED = {
    "PraxisMail": set(),
    "PraxisCommunity": {"PraxisMail"},
    "PraxisStore": {"PraxisMail", "PraxisCommunity", "CCrypto", "CSQLiteConfig"},
    "PraxisSystem": set(),
    "PraxisDelivery": {"CCurl", "PraxisMail", "PraxisStore", "PraxisSystem"},
    "PraxisWeb": {"PraxisMail", "PraxisCommunity", "PraxisStore", "PraxisSystem"},
    "PraxisDaemon": {"PraxisMail", "PraxisCommunity", "PraxisStore", "PraxisSystem", "PraxisDelivery", "PraxisWeb"},
    "praxis": {"PraxisDaemon"},
}
# Third-party modules a target must not import although SwiftPM could link them.
FORBIDDEN_THIRD_PARTY = {
    "PraxisMail": {"GRDB", "Mustache", "Yams"},
    "PraxisCommunity": {"GRDB", "Yams"},
    "PraxisSystem": {"GRDB"},
    "PraxisDelivery": {"GRDB"},
    "PraxisWeb": {"GRDB"},
    "praxis": {"GRDB"},
}

IMPORT_LINE = re.compile(r"^\s*(?:@[\w(). ,:]+\s+)*(?:public\s+|internal\s+|package\s+|private\s+|fileprivate\s+)?import\s+(?:(?:struct|class|enum|protocol|func|var|let|typealias)\s+)?([A-Za-z_][A-Za-z0-9_]*)")


def swift_files(folder):
    for directory, _, names in os.walk(folder):
        for name in sorted(names):
            if name.endswith(".swift"):
                yield os.path.join(directory, name)


def check_imports():
    breaches = []
    sources = os.path.join(ROOT, "Sources")
    for target in sorted(os.listdir(sources)):
        if target not in ALLOWED:
            continue
        for path in swift_files(os.path.join(sources, target)):
            with open(path, encoding="utf-8") as file:
                for number, line in enumerate(file, 1):
                    match = IMPORT_LINE.match(line)
                    if not match:
                        continue
                    module = match.group(1)
                    own = module in OWN_TARGETS and module != target and module not in ALLOWED[target]
                    foreign = module in FORBIDDEN_THIRD_PARTY.get(target, set())
                    if own or foreign:
                        breaches.append(f"{relative(path)}:{number}: {target} imports {module}, which DESIGN.md §3 does not allow")
    return breaches


def relative(path):
    return os.path.relpath(path, ROOT)


def code_only(text):
    """The text with comments and string contents blanked (newlines kept), so braces count true."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            end = text.find("\n", i)
            end = n if end < 0 else end
            out.append(" " * (end - i))
            i = end
        elif text.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if text.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif text.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c == '"' or (c == "#" and re.match(r'#+"', text[i:])):
            hashes = 0
            while text[i + hashes] == "#":
                hashes += 1
            j = i + hashes
            multiline = text.startswith('"""', j)
            quote = '"""' if multiline else '"'
            close = quote + "#" * hashes
            j += len(quote)
            while j < n and not text.startswith(close, j):
                if text[j] == "\\" and hashes == 0:
                    # An interpolation may hold strings of its own; skip it by paren depth.
                    if j + 1 < n and text[j + 1] == "(":
                        depth, j = 1, j + 2
                        while j < n and depth:
                            if text[j] == "(":
                                depth += 1
                            elif text[j] == ")":
                                depth -= 1
                            elif text[j] == '"':
                                k = text.find('"', j + 1)
                                j = n if k < 0 else k
                            j += 1
                        continue
                    j += 2
                    continue
                if not multiline and text[j] == "\n":
                    break
                j += 1
            j = min(n, j + len(close))
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


DECLARATION = re.compile(r"\b(func\s+[^\s(<]+|init[?!]?\s*[(<]|deinit\b|subscript\s*[(<]|(?:get|set|willSet|didSet)\s*(?=\{))")


def check_function_lengths():
    breaches = []
    for folder in ("Sources", "Tests", "Benchmarks/Sources", "Benchmarks/Benchmarks"):
        for path in swift_files(os.path.join(ROOT, folder)):
            if path.endswith("Schema.swift") or "/.build" in path:
                continue
            with open(path, encoding="utf-8") as file:
                text = file.read()
            code = code_only(text)
            for match in DECLARATION.finditer(code):
                body = body_span(code, match.end())
                if body is None:
                    continue
                start_line = code.count("\n", 0, match.start()) + 1
                lines = code.count("\n", body[0], body[1]) + 1
                preceding = text[max(0, text.rfind("\n", 0, text.rfind("\n", 0, match.start()) - 1)):match.start()]
                if lines > LONGEST_FUNCTION and "structure: schema DDL" not in preceding:
                    name = match.group(1).split("(")[0].strip()
                    breaches.append(f"{relative(path)}:{start_line}: {name} is {lines} lines long (at most {LONGEST_FUNCTION})")
    return breaches


def body_span(code, index):
    """From just after a declaration keyword: the span of its body braces, or None (a requirement)."""
    parens = 0
    n = len(code)
    i = index
    while i < n:
        c = code[i]
        if c in "([":
            parens += 1
        elif c in ")]":
            parens -= 1
        elif c == "{" and parens == 0:
            depth, j = 1, i + 1
            while j < n and depth:
                if code[j] == "{":
                    depth += 1
                elif code[j] == "}":
                    depth -= 1
                j += 1
            return (i, j - 1)
        elif c == "}" and parens == 0:
            return None
        elif parens == 0 and c == "\n":
            rest = code[i + 1:i + 200].lstrip()
            if re.match(r"(?:@\w+|public|private|fileprivate|internal|package|static|mutating|func|var|let|case|init|subscript|#if|#endif|associatedtype|typealias|nonisolated|override|convenience|required|final)\b", rest):
                return None
        i += 1
    return None


def main():
    breaches = check_imports() + check_function_lengths()
    for breach in breaches:
        print(breach)
    if breaches:
        print(f"{len(breaches)} breach(es) of DESIGN.md §3's shape rules", file=sys.stderr)
        return 1
    print("imports follow DESIGN.md §3; no function is longer than 80 lines")
    return 0


if __name__ == "__main__":
    sys.exit(main())
