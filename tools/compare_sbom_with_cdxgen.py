#!/usr/bin/env python3
"""Compares the component purls of tocsin's CycloneDX SBOM with cdxgen's on the same input.

Not a CI dependency (cdxgen is an npm tool). Usage:
    tocsin sbom DIR > tocsin.cdx.json        # or --lockfile TYPE:FILE
    cdxgen -t js -t rust --no-install-deps -o cdxgen.cdx.json DIR   # FETCH_LICENSE=false, offline
    python3 tools/compare_sbom_with_cdxgen.py tocsin.cdx.json cdxgen.cdx.json
Packages are compared as purl identities type:[namespace/]name@version (qualifiers and subpath
dropped, percent-decoding applied, PyPI names PEP 503, npm names lower-cased); components without a
version are not compared. Prints the differences on each side and the dev/optional scope
disagreements.
"""
import json
import re
import sys
from urllib.parse import unquote


def identity(purl):
    purl = purl.split("#")[0].split("?")[0]
    kind, rest = purl[4:].split("/", 1)
    kind = kind.lower()
    rest = unquote(rest)
    name, _, version = rest.rpartition("@") if "@" in rest.lstrip("@") else (rest, "", "")
    if kind == "pypi":
        name = re.sub(r"[-_.]+", "-", name).lower()
    if kind == "npm":
        name = name.lower()
    return f"{kind}:{name}@{version}" if version else None


def components(path):
    out = {}

    def walk(items):
        for item in items:
            if item.get("purl"):
                key = identity(item["purl"])
                if key:
                    out[key] = item
            walk(item.get("components", []))

    walk(json.load(open(path, encoding="utf-8")).get("components", []))
    return out


def main():
    tocsin, cdxgen = components(sys.argv[1]), components(sys.argv[2])
    print(f"tocsin {len(tocsin)} components, cdxgen {len(cdxgen)}")
    for label, mine, theirs in (("tocsin-only", tocsin, cdxgen), ("cdxgen-only", cdxgen, tocsin)):
        only = sorted(set(mine) - set(theirs))
        print(f"{label}: {len(only)}")
        for key in only:
            print("   ", key)
    scope = [
        (key, tocsin[key].get("scope"), cdxgen[key].get("scope"))
        for key in sorted(set(tocsin) & set(cdxgen))
        if (tocsin[key].get("scope") == "optional") != (cdxgen[key].get("scope") == "optional")
    ]
    print(f"scope disagreements (tocsin, cdxgen): {len(scope)}")
    for row in scope:
        print("   ", *row)


if __name__ == "__main__":
    main()
