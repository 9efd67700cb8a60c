#!/usr/bin/env bash
# Derives extra seeds at run time from the shared test vectors (never committed): message
# bytes for apply_message and cbor_types, state CARs for car_load. They go to corpus-shared/
# (gitignored); pass that directory after the committed corpus, e.g.
#   cargo fuzz run -O -s none apply_message corpus/apply_message corpus-shared/apply_message
# Usage: fuzz/seed-from-shared.sh [how many vectors per folder, default 20]
set -euo pipefail
cd "$(dirname "$0")"
vectors="${FVMI_VECTORS:-$(pwd)/../../shared/test-vectors}"
per_folder="${1:-20}"
out="corpus-shared"
mkdir -p "$out/apply_message" "$out/cbor_types" "$out/car_load"
python3 - "$vectors" "$per_folder" "$out" <<'PY'
import base64, gzip, hashlib, json, os, sys
vectors, per_folder, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
def write(target, data):
    name = hashlib.sha1(data).hexdigest()
    with open(os.path.join(out, target, name), "wb") as f:
        f.write(data)
count = 0
for folder in sorted(os.listdir(vectors)):
    path = os.path.join(vectors, folder)
    if not os.path.isdir(path):
        continue
    files = sorted(
        os.path.join(root, f) for root, _, fs in os.walk(path) for f in fs if f.endswith(".json")
    )[:per_folder]
    for file in files:
        with open(file) as f:
            vector = json.load(f)
        for message in vector.get("apply_messages", []):
            raw = base64.b64decode(message["bytes"])
            write("apply_message", b"\x00" + raw)
            write("cbor_types", b"\x00" + raw)
        car = vector.get("car")
        if car:
            data = gzip.decompress(base64.b64decode(car))
            if len(data) <= 1 << 20:
                write("car_load", data)
        count += 1
print(f"seeds from {count} vectors in {out}/")
PY
