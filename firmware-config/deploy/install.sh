#!/usr/bin/env bash
# Installs Reflex on a board (or into a scratch root for tests):
#   <root>/opt/reflex/runtime.jar, <root>/etc/reflex/{controllers,actors,boards}/,
#   <root>/etc/systemd/system/reflex@.service, a 'reflex' system user in the gpio and i2c groups,
# then runs check-config on every controller to enable and enables reflex@<name> only when it passes.
#
# Usage: install.sh [--root DIR] [--jar FILE] [--configs DIR] [--controller NAME]... [--java FILE]
#                   [--heap SIZE] [--gc zgc|serial] [--cpu-affinity LIST] [--no-systemctl]
#   --root DIR          install prefix (default /); anything else is a scratch root: no user is
#                       created and systemctl is not run
#   --jar FILE          runtime jar (default: runtime/target/runtime.jar of this checkout)
#   --configs DIR       directory holding controllers/ (and actors/, boards/) (default: firmware-config)
#   --controller NAME   controller to check and enable (controllers/NAME.yaml); repeatable
#   --java FILE         java >= 25 to run (default: $JAVA_HOME/bin/java, else java on PATH)
#   --heap SIZE         fixed heap, -Xms = -Xmx (default 512m)
#   --gc zgc|serial     collector (default zgc; serial for boards with <= 2 GB RAM)
#   --cpu-affinity LIST cores for the JVM's other threads (default: all but the last core)
#   --no-systemctl      do not run systemctl; print what would be run
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=/
jar="$here/../../runtime/target/runtime.jar"
configs="$here/.."
java=""
heap=512m
gc=zgc
affinity=""
systemctl=1
controllers=()

die() { echo "install.sh: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --root) root=${2:?--root needs a directory}; shift 2 ;;
    --jar) jar=${2:?--jar needs a file}; shift 2 ;;
    --configs) configs=${2:?--configs needs a directory}; shift 2 ;;
    --controller) controllers+=("${2:?--controller needs a name}"); shift 2 ;;
    --java) java=${2:?--java needs a file}; shift 2 ;;
    --heap) heap=${2:?--heap needs a size}; shift 2 ;;
    --gc) gc=${2:?--gc needs zgc or serial}; shift 2 ;;
    --cpu-affinity) affinity=${2:?--cpu-affinity needs a list}; shift 2 ;;
    --no-systemctl) systemctl=0; shift ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done

[ -f "$jar" ] || die "runtime jar $jar not found (build it: mvn -B -DskipTests package)"
[ -d "$configs/controllers" ] || die "no controllers/ directory in $configs"
[[ "$heap" =~ ^[0-9]+[kmgKMG]$ ]] || die "--heap $heap: expected a size like 512m or 1g"
case "$gc" in
  zgc) gc_flags="-XX:+UseZGC" ;;
  serial) gc_flags="-XX:+UseSerialGC -Xmn32m" ;;
  *) die "--gc $gc: expected zgc or serial" ;;
esac
if [ -z "$java" ]; then
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then java="$JAVA_HOME/bin/java"
  else java=$(command -v java) || die "no java found: install JDK 25 or pass --java"; fi
fi
[ -x "$java" ] || die "java $java is not executable"
major=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1)
[ "${major:-0}" -ge 25 ] || die "$java is Java ${major:-unknown}; Reflex needs 25 or newer"
for c in "${controllers[@]}"; do
  [ -f "$configs/controllers/$c.yaml" ] || die "controller $c: $configs/controllers/$c.yaml not found"
done
if [ -z "$affinity" ]; then
  cores=$(nproc --all 2>/dev/null || echo 1)
  if [ "$cores" -gt 2 ]; then affinity="0-$((cores - 2))"; else affinity=0; fi
fi

root=${root%/}
scratch=0
[ -n "$root" ] && scratch=1
echo "install.sh: installing into ${root:-/} (java $java, heap $heap, gc $gc, CPUAffinity=$affinity)"

# 1. Files.
install -d -m 0755 "$root/opt/reflex" "$root/etc/reflex/controllers" "$root/etc/systemd/system" "$root/var/lib/reflex"
install -m 0644 "$jar" "$root/opt/reflex/runtime.jar"
install -m 0644 "$configs"/controllers/*.yaml "$root/etc/reflex/controllers/"
for sub in actors boards; do
  if [ -d "$configs/$sub" ]; then
    install -d -m 0755 "$root/etc/reflex/$sub"
    cp -R "$configs/$sub/." "$root/etc/reflex/$sub/"
  fi
done

# 2. The unit.
sed -e "s|@JAVA@|$java|g" -e "s|@HEAP@|$heap|g" -e "s|@GC_FLAGS@|$gc_flags|g" \
    -e "s|@CPU_AFFINITY@|$affinity|g" "$here/reflex@.service" > "$root/etc/systemd/system/reflex@.service"
chmod 0644 "$root/etc/systemd/system/reflex@.service"
if grep -q '@[A-Z_]*@' "$root/etc/systemd/system/reflex@.service"; then
  die "unit template has unfilled placeholders"
fi

# 3. The user.
if [ "$scratch" = 1 ]; then
  echo "install.sh: scratch root $root: skipping the reflex user and groups"
elif [ "$(id -u)" != 0 ]; then
  echo "install.sh: not root: skipping the reflex user and groups (run with sudo to create them)"
else
  for g in gpio i2c; do getent group "$g" >/dev/null || groupadd --system "$g"; done
  if ! id reflex >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/reflex --no-create-home --shell /usr/sbin/nologin reflex
  fi
  usermod -a -G gpio,i2c reflex
  chown -R reflex:reflex /var/lib/reflex
  echo "install.sh: user reflex in groups gpio, i2c"
fi

# 4. Check, then enable.
failed=0
for c in "${controllers[@]}"; do
  cfg="$root/etc/reflex/controllers/$c.yaml"
  if "$java" -jar "$root/opt/reflex/runtime.jar" check-config "$cfg"; then
    echo "install.sh: $c: config ok"
  else
    echo "install.sh: $c: config check failed; not enabling reflex@$c" >&2
    failed=1
  fi
done
[ "$failed" = 0 ] || die "refusing to enable: fix the problems above and run install.sh again"

run() {
  if [ "$systemctl" = 1 ] && [ "$scratch" = 0 ]; then "$@"; else echo "would run: $*"; fi
}
run systemctl daemon-reload
for c in "${controllers[@]}"; do
  run systemctl enable --now "reflex@$c"
done
echo "install.sh: done; watch from a workstation with: bin/reflex monitor --broker tcp://<this-board>:1883"
