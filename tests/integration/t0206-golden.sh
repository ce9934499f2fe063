#!/bin/sh
# The publisher's output (site, receipts, officials, snapshot rows) over a
# full publish and a series of incremental runs equals tests/golden/expected.txt.
exec sh "$(dirname "$0")/../golden/run.sh"
