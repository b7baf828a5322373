"""A parser plug-in for tests that run worker processes (PARSER_PLUGINS=tests.plugins).

Backend "counted": sleeps PLUGIN_SLEEP seconds, parses with the rules backend, then appends
the resume's email to PLUGIN_COUNT_FILE, so a test can count finished parses per resume
across processes, including processes it killed.
"""
import os
import time

from core import parser


def counted(doc):
    time.sleep(float(os.environ.get("PLUGIN_SLEEP", "0")))
    document = parser.BACKENDS["rules"](doc)
    path = os.environ.get("PLUGIN_COUNT_FILE")
    if path:
        with open(path, "a", encoding="utf-8") as out:
            out.write(f"{document.get('basics', {}).get('email', '')}\n")
    return document


parser.register_backend("counted", counted)
