#!/usr/bin/env bash
# Validates every golden SBOM (tests/fixtures/sbom/golden/) against the official JSON schemas shipped
# in tests/fixtures/sbom/schemas/ with ajv (npm). Not part of CI (it needs npm); run by hand after
# changing the writers, and note the result. Offline once ajv is installed:
#   bash tools/validate_sbom_schemas.sh            # installs ajv-cli 5 + ajv-formats into a temp dir
#   AJV_DIR=/some/node_modules/.. bash tools/validate_sbom_schemas.sh
# CycloneDX 1.6: draft-07, with spdx.schema.json and jsf-0.82.schema.json added so the schema's
# relative $refs resolve. SPDX: the 2.3 release schema (draft-07) and the 2.3.1 errata (draft
# 2019-09, ajv --spec=draft2019); a document must pass both.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
schemas="$here/tests/fixtures/sbom/schemas"
golden="$here/tests/fixtures/sbom/golden"
dir=${AJV_DIR:-}
if [ -z "$dir" ]; then
  dir=$(mktemp -d)
  trap 'rm -rf "$dir"' EXIT
  (cd "$dir" && npm init -y >/dev/null && npm install --silent --no-audit --no-fund ajv-cli@5 ajv-formats@2 >/dev/null)
fi
ajv="$dir/node_modules/.bin/ajv"
status=0
for file in "$golden"/*.cdx.json; do
  "$ajv" validate --spec=draft7 --strict=false -c ajv-formats -s "$schemas/bom-1.6.schema.json" \
    -r "$schemas/spdx.schema.json" -r "$schemas/jsf-0.82.schema.json" -d "$file" || status=1
done
for file in "$golden"/*.spdx.json; do
  "$ajv" validate --spec=draft7 --strict=false -c ajv-formats -s "$schemas/spdx-schema-v2.3.json" -d "$file" || status=1
  "$ajv" validate --spec=draft2019 --strict=false -c ajv-formats -s "$schemas/spdx-schema-v2.3.1.json" -d "$file" || status=1
done
exit $status
