"""What the benchmark scripts share for reading real mail: mbox splitting and header fields."""
import re


def split_mbox(data):
    """The messages of an mboxo file, each without its envelope line, `>From ` unquoted."""
    messages = []
    for chunk in re.split(rb"(?m)^From [^\n]*\n", data):
        if chunk.strip():
            messages.append(re.sub(rb"(?m)^>(>*From )", rb"\1", chunk))
    return messages


def header_and_body(message):
    end = message.find(b"\n\n")
    return (message, b"") if end < 0 else (message[:end + 1], message[end + 2:])


def fields(header):
    """The header's fields, each with its continuation lines."""
    out = []
    for line in header.splitlines(keepends=True):
        if line[:1] in (b" ", b"\t") and out:
            out[-1] += line
        else:
            out.append(line)
    return out
