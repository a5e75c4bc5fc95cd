#!/usr/bin/env python3
"""Writes one man page per `praxis` command from the argument parser's own description.

    python3 scripts/write-man-pages.py PRAXIS-BINARY OUTPUT-DIRECTORY [--date YYYY-MM-DD]

Runs `PRAXIS-BINARY --experimental-dump-help` (swift-argument-parser's JSON of every command,
option, flag and argument, with their help texts) and `PRAXIS-BINARY --version`, and writes
praxis.1, praxis-run.1, praxis-members-list.1, ... (man(7) macros, not compressed) into
OUTPUT-DIRECTORY. Nothing here names a command, so a command added to the parser gets its page
without an edit, and a page can never say something `praxis COMMAND --help` does not.
Prints the page names it wrote, one a line. Exit status 2 with one sentence on bad input.
"""

import json
import os
import re
import subprocess
import sys

SECTION = "1"
# Commands the parser adds by itself; `praxis help X` says what `praxis X --help` says.
GENERATED_COMMANDS = {"help"}


def fail(message):
    print(f"write-man-pages: {message}", file=sys.stderr)
    sys.exit(2)


def roff(text):
    """Text as roff reads it literally: backslashes, hyphens (minus signs in option names and
    commands), and a line starting with . or ' (which roff would take for a request)."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    lines = []
    for line in text.split("\n"):
        if line.startswith((".", "'")):
            line = "\\&" + line
        lines.append(line)
    return "\n".join(lines)


def paragraphs(text):
    """The parser's help text as man paragraphs: blank lines separate paragraphs, and lines
    indented in the source (examples, lists) keep their layout in a no-fill block."""
    out = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = block.split("\n")
        if any(line.startswith("  ") for line in lines):
            out += [".PP", ".nf", ".RS 4", roff(block), ".RE", ".fi"]
        else:
            out += [".PP", roff(" ".join(line.strip() for line in lines))]
    return out


def option_names(argument):
    names = []
    for name in argument.get("names") or []:
        prefix = {"long": "--", "short": "-", "longWithSingleDash": "-"}.get(name["kind"])
        if prefix is None:
            fail(f"unknown option name kind {name['kind']!r} in the parser's description")
        names.append(prefix + name["name"])
    return names


def usage_of(argument):
    """How an argument appears in a synopsis: [--config <path>], <file> ..., [--json]."""
    value = argument.get("valueName") or "value"
    if argument["kind"] == "positional":
        text = f"<{value}>"
    else:
        preferred = argument.get("preferredName") or (argument.get("names") or [None])[0]
        if preferred is None:
            fail("an option without a name in the parser's description")
        name = option_names({"names": [preferred]})[0]
        text = name if argument["kind"] == "flag" else f"{name} <{value}>"
    if argument.get("isRepeating"):
        text += " ..."
    if argument.get("isOptional"):
        text = f"[{text}]"
    return text


def visible(items):
    return [item for item in items or [] if item.get("shouldDisplay", True)]


def page_name(path):
    return "-".join(path)


def synopsis(path, command):
    lines = [".SH SYNOPSIS", ".B " + roff(" ".join(path))]
    words = [usage_of(argument) for argument in visible(command.get("arguments"))]
    subcommands = [c for c in visible(command.get("subcommands")) if c["commandName"] not in GENERATED_COMMANDS]
    if subcommands:
        words.insert(0, "<subcommand>")
    if words:
        lines.append(roff(" ".join(words)))
    return lines


def options_section(command):
    arguments = visible(command.get("arguments"))
    if not arguments:
        return []
    lines = [".SH OPTIONS"]
    for argument in arguments:
        if argument["kind"] == "positional":
            heading = f"<{argument.get('valueName') or 'value'}>"
        else:
            heading = ", ".join(option_names(argument))
            if argument["kind"] == "option":
                heading += f" <{argument.get('valueName') or 'value'}>"
        lines += [".TP", ".B " + roff(heading)]
        text = (argument.get("abstract") or "").strip()
        lines.append(roff(text) if text else "")
        if argument.get("discussion"):
            lines += paragraphs(argument["discussion"])
        if argument.get("allValues"):
            lines += [".IP", "Values: " + roff(", ".join(argument["allValues"])) + "."]
        if argument.get("defaultValue") not in (None, ""):
            lines += [".IP", "Default: " + roff(argument["defaultValue"]) + "."]
    return lines


def subcommands_section(path, command):
    subcommands = [c for c in visible(command.get("subcommands")) if c["commandName"] not in GENERATED_COMMANDS]
    if not subcommands:
        return []
    lines = [".SH COMMANDS"]
    for sub in subcommands:
        lines += [".TP", ".B " + roff(" ".join(path + [sub["commandName"]])), roff(sub.get("abstract") or "")]
        # \% keeps the page name from being hyphenated at a line break.
        lines.append("See \\%" + roff(page_name(path + [sub["commandName"]])) + f"({SECTION}).")
    return lines


def see_also(path, command):
    related = []
    if len(path) > 1:
        related.append(page_name(path[:-1]))
    related += [page_name(path + [c["commandName"]]) for c in visible(command.get("subcommands"))
                if c["commandName"] not in GENERATED_COMMANDS]
    if not related:
        return []
    return [".SH SEE ALSO", ",\n".join(f".BR {roff(name)} ({SECTION})" for name in related)]


def page(path, command, version, date):
    name = page_name(path)
    abstract = (command.get("abstract") or "").strip()
    if not abstract:
        fail(f"`{' '.join(path)}` has no abstract in the parser: a man page needs its one-line summary")
    header = f'.TH "{roff(name.upper())}" "{SECTION}" "{date}" "praxis {roff(version)}" "Praxis Manual"'
    lines = [f'.\\" Generated by scripts/write-man-pages.py from `praxis --experimental-dump-help`; do not edit.',
             header, ".SH NAME", f"{roff(name)} \\- {roff(abstract.rstrip('.'))}"]
    lines += synopsis(path, command)
    lines.append(".SH DESCRIPTION")
    lines += paragraphs(abstract)
    if command.get("discussion"):
        lines += paragraphs(command["discussion"])
    lines += options_section(command)
    lines += subcommands_section(path, command)
    lines += see_also(path, command)
    return name, "\n".join(line for line in lines) + "\n"


def walk(path, command):
    yield path, command
    for sub in visible(command.get("subcommands")):
        if sub["commandName"] not in GENERATED_COMMANDS:
            yield from walk(path + [sub["commandName"]], sub)


def run(binary, *arguments):
    try:
        result = subprocess.run([binary, *arguments], capture_output=True, text=True, check=False)
    except OSError as error:
        fail(f"cannot run {binary}: {error.strerror}")
    if result.returncode != 0:
        fail(f"`{binary} {' '.join(arguments)}` exited {result.returncode}: {result.stderr.strip()}")
    return result.stdout


def main(argv):
    date = ""
    if "--date" in argv:
        index = argv.index("--date")
        if index + 1 >= len(argv) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", argv[index + 1]):
            fail("--date takes a date as YYYY-MM-DD")
        date = argv[index + 1]
        del argv[index:index + 2]
    if len(argv) != 2:
        fail("usage: write-man-pages.py PRAXIS-BINARY OUTPUT-DIRECTORY [--date YYYY-MM-DD]")
    binary, output = argv
    version = run(binary, "--version").strip()
    try:
        tool = json.loads(run(binary, "--experimental-dump-help"))
    except json.JSONDecodeError as error:
        fail(f"`{binary} --experimental-dump-help` printed no JSON ({error})")
    if tool.get("serializationVersion") != 0:
        fail(f"the parser's description has serializationVersion {tool.get('serializationVersion')!r}; this script reads 0")
    root = tool["command"]
    os.makedirs(output, exist_ok=True)
    for path, command in walk([root["commandName"]], root):
        name, text = page(path, command, version, date)
        with open(os.path.join(output, f"{name}.{SECTION}"), "w", encoding="utf-8") as file:
            file.write(text)
        print(f"{name}.{SECTION}")


if __name__ == "__main__":
    main(sys.argv[1:])
