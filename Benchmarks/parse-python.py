#!/usr/bin/env python3
"""Python's email package on message files, the yardstick for `praxis parse --json`.

    python3 Benchmarks/parse-python.py FILE...

Each file is parsed with `email.message_from_binary_file(f, policy=email.policy.default)`; its
subject and body text (`get_body(preferencelist=('plain', 'html'))`, decoded) are printed as one
JSON object per file, one per line, in input order: the work `praxis parse --json` does at the
least, so the two whole processes can be timed side by side (`parse-side-by-side.py`).
"""
import email
import email.policy
import json
import sys


def parsed(path):
    with open(path, "rb") as file:
        message = email.message_from_binary_file(file, policy=email.policy.default)
    try:
        subject = message["subject"]
        subject = None if subject is None else str(subject)
    except Exception as error:  # a header the policy cannot parse
        subject = None
        print(f"{path}: subject: {error}", file=sys.stderr)
    text = ""
    try:
        body = message.get_body(preferencelist=("plain", "html"))
        if body is not None:
            text = body.get_content()
    except Exception as error:  # an unknown charset, a broken transfer encoding
        print(f"{path}: body: {error}", file=sys.stderr)
    return {"file": path, "subject": subject, "text": text}


def main():
    out = sys.stdout
    for path in sys.argv[1:]:
        out.write(json.dumps(parsed(path), ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
