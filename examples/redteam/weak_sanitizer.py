#!/usr/bin/env python3
"""A deliberately weak guardrail around toy_model (do not copy): it blocks one exact phrase and
redacts the secret only when it appears verbatim. Encodings, rephrasing, injected documents and
multi-turn set-ups all get through. Reads one JSON request on stdin, prints the answer."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import toy_model  # noqa: E402

request = json.load(sys.stdin)
if "ignore previous instructions" in request.get("input", "").lower():
    print("I can't help with that.")
    sys.exit(0)
output = toy_model.answer(request)
for secret in request.get("canaries", []):
    output = output.replace(secret, "[REDACTED]")
print(output)
