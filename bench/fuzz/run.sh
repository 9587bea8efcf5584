#!/usr/bin/env bash
#
# Coverage-guided fuzzing (Jazzer, the JVM's libFuzzer) of every parser that sees network or
# operator input. Each target runs RUNS executions (default 10,000,000), its corpus seeded from the
# golden captures and kept in bench/fuzz/target/corpus/<target>; a crash stops the target, leaves
# its input in bench/fuzz/target/crashes/<target>, and makes the script exit 1.
#
#   bench/fuzz/run.sh                  every target, 10 million executions each
#   bench/fuzz/run.sh 20000            a short run of each (what CI does)
#   bench/fuzz/run.sh 1000000 dhcp     one target
#
# Targets: dhcp (DHCP decoder and encoder), tftp (TFTP codec, names, option negotiation), http-path
# (HTTP names), csv (device import), json (the http provider's answers). Needs the project built
# with its test classes (mvn install, or mvn install -DskipTests) and Maven Central for Jazzer.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${1:-10000000}
shift || true
JAZZER_VERSION=0.22.1
out=bench/fuzz/target
mkdir -p "$out/lib" "$out/corpus" "$out/crashes"

declare -A MODULE=( [dhcp]=org.karafpxe.dhcp [dhcp6]=org.karafpxe.dhcp [tftp]=org.karafpxe.tftp [http-path]=org.karafpxe.http
                    [csv]=org.karafpxe.store [json]=org.karafpxe.provider.http )
declare -A CLASS=( [dhcp]=org.karafpxe.dhcp.DhcpCodecFuzzer [dhcp6]=org.karafpxe.dhcp.internal.Dhcp6MessageFuzzer [tftp]=org.karafpxe.tftp.internal.TftpRequestFuzzer
                   [http-path]=org.karafpxe.http.internal.BootPathFuzzer
                   [csv]=org.karafpxe.store.internal.DeviceCsvFuzzer
                   [json]=org.karafpxe.provider.http.internal.JsonFuzzer )
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(dhcp dhcp6 tftp http-path csv json)

for a in jazzer jazzer-api; do
  [ -f "$out/lib/$a-$JAZZER_VERSION.jar" ] || mvn -B -ntp -q dependency:copy \
    -Dartifact="com.code-intelligence:$a:$JAZZER_VERSION" -DoutputDirectory="$out/lib" >/dev/null
done

classpath() {
  local module=bundles/$1
  [ -d "$module/target/test-classes" ] || { echo "build the project first: mvn -B -ntp install -DskipTests" >&2; exit 2; }
  [ -f "$out/cp-$1.txt" ] || mvn -B -ntp -q -o dependency:build-classpath -f "$module/pom.xml" \
    -Dmdep.outputFile="$PWD/$out/cp-$1.txt" -Dmdep.includeScope=test >/dev/null
  echo "$module/target/test-classes:$module/target/classes:$(cat "$out/cp-$1.txt")"
}

# Seeds: the UDP payloads of the captures, for the two packet parsers.
if [ ! -d "$out/seeds/dhcp" ]; then
  java -cp "$(classpath org.karafpxe.dhcp)" org.karafpxe.dhcp.FuzzSeeds "$out/seeds/dhcp" "$out/seeds/tftp"
fi
# ... and for DHCPv6, the messages of OVMF's capture (Ethernet, IPv6, UDP: the payload at byte 62).
if [ ! -d "$out/seeds/dhcp6" ]; then
  mkdir -p "$out/seeds/dhcp6"
  python3 - bundles/org.karafpxe.dhcp/src/test/resources/captures/ovmf-dhcp6-fall-through.pcap "$out/seeds/dhcp6" <<'PY'
import struct, sys
data = open(sys.argv[1], "rb").read()
pos, n = 24, 0
while pos + 16 <= len(data):
    length = struct.unpack_from("<I", data, pos + 8)[0]
    frame = data[pos + 16:pos + 16 + length]
    pos += 16 + length
    if len(frame) > 62 and frame[12:14] == b"\x86\xdd" and frame[20] == 17:
        n += 1
        open("%s/ovmf-%d" % (sys.argv[2], n), "wb").write(frame[62:])
PY
fi

status=0
for t in "${targets[@]}"; do
  [ -n "${CLASS[$t]:-}" ] || { echo "unknown target $t: use ${!CLASS[*]}" >&2; exit 2; }
  corpus="$out/corpus/$t"
  mkdir -p "$corpus" "$out/crashes/$t"
  [ -d "$out/seeds/$t" ] && cp -n "$out/seeds/$t"/* "$corpus/" 2>/dev/null || true
  log="$out/$t.log"
  start=$(date +%s)
  set +e
  java -cp "$out/lib/jazzer-$JAZZER_VERSION.jar:$out/lib/jazzer-api-$JAZZER_VERSION.jar:$(classpath "${MODULE[$t]}")" \
    com.code_intelligence.jazzer.Jazzer --target_class="${CLASS[$t]}" --instrumentation_includes='org.karafpxe.**' \
    --reproducer_path="$out/crashes/$t" -runs="$RUNS" -max_len=1500 -artifact_prefix="$out/crashes/$t/" \
    -print_final_stats=1 "$corpus" > "$log" 2>&1
  rc=$?
  set -e
  execs=$(grep -a "stat::number_of_executed_units" "$log" | awk '{print $2}' | tail -1)
  cov=$(grep -aE "^#[0-9]+.*cov:" "$log" | tail -1 | grep -oE "cov: [0-9]+" || true)
  if [ "$rc" = 0 ]; then
    echo "$t: ${execs:-?} executions in $(( $(date +%s) - start )) s, ${cov:-cov: ?}, corpus $(ls "$corpus" | wc -l), no crash"
  else
    echo "$t: CRASH after ${execs:-?} executions (exit $rc); input in $out/crashes/$t, log $log"
    grep -a -m1 -A12 "== Java Exception" "$log" || tail -20 "$log"
    status=1
  fi
done
exit "$status"
