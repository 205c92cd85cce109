# Sourced by the other scripts: finds a JDK >= 25 and exports JAVA_HOME and PATH.
# Order: $JAVA_HOME if new enough, else the newest JDK under /usr/lib/jvm.
reflex_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}
reflex_find_jdk() {
  local need=25 best="" best_major=0 dir major
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(reflex_java_major "$JAVA_HOME")
    if [ "${major:-0}" -ge "$need" ]; then echo "$JAVA_HOME"; return 0; fi
  fi
  for dir in /usr/lib/jvm/*/ /opt/java/*/ /opt/jdk*/; do
    dir=${dir%/}
    [ -x "$dir/bin/javac" ] || continue
    major=$(reflex_java_major "$dir")
    if [ "${major:-0}" -ge "$need" ] && [ "$major" -gt "$best_major" ]; then best=$dir; best_major=$major; fi
  done
  [ -n "$best" ] && { echo "$best"; return 0; }
  return 1
}
if ! REFLEX_JDK=$(reflex_find_jdk); then
  echo "reflex: no JDK >= 25 found (JAVA_HOME is '${JAVA_HOME:-unset}', nothing new enough under /usr/lib/jvm); install one, e.g. 'apt-get install temurin-25-jdk' or from https://adoptium.net, and set JAVA_HOME." >&2
  exit 1
fi
export JAVA_HOME="$REFLEX_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
# JVM flags every Reflex process uses: the Vector API for the kernels, native access for thread setup.
REFLEX_JVM_FLAGS="--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED"
