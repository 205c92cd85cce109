# Sourced by the other scripts (and by users: `. bin/jdk.sh`): finds a JDK >= 25 and exports
# JAVA_HOME, PATH and REFLEX_JVM_FLAGS. Order: $JAVA_HOME if new enough, else the newest JDK under
# /usr/lib/jvm, /opt/java, /opt/jdk*. Never exits the shell that sources it: on failure it prints
# one line and returns 1 (the scripts that source it stop on that with `|| exit`).
reflex_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}
reflex_find_jdk() {
  local need=25 best="" best_major=0 dir major
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    major=$(reflex_java_major "$JAVA_HOME")
    if [ "${major:-0}" -ge "$need" ]; then echo "$JAVA_HOME"; return 0; fi
  fi
  # REFLEX_JDK_DIRS (space-separated globs) replaces the search path, e.g. for tests.
  for dir in ${REFLEX_JDK_DIRS:-/usr/lib/jvm/*/ /opt/java/*/ /opt/jdk*/}; do
    dir=${dir%/}
    [ -x "$dir/bin/java" ] || continue
    major=$(reflex_java_major "$dir")
    if [ "${major:-0}" -ge "$need" ] && [ "$major" -gt "$best_major" ]; then best=$dir; best_major=$major; fi
  done
  [ -n "$best" ] && { echo "$best"; return 0; }
  return 1
}
# Maven for the scripts: batch mode, no sun.misc.Unsafe warnings from Maven's own Guava, and no
# escape codes in logs (Debian's Maven 3.8 prints ESC[0m even with -B -q); keeps mvn's exit status.
reflex_mvn() {
  local -
  set -o pipefail
  MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" mvn -B -Dstyle.color=never "$@" 2>&1 \
    | sed -u 's/\x1b\[[0-9;]*m//g'
}
if REFLEX_JDK=$(reflex_find_jdk); then
  export JAVA_HOME="$REFLEX_JDK"
  case ":$PATH:" in *":$JAVA_HOME/bin:"*) ;; *) export PATH="$JAVA_HOME/bin:$PATH" ;; esac
  # JVM flags every Reflex process uses: the Vector API for the kernels, native access for thread
  # setup, and Netty's (the embedded broker's) direct memory without the sun.misc.Unsafe warnings.
  export REFLEX_JVM_FLAGS="--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"
  true
else
  echo "reflex: no JDK >= 25 found (JAVA_HOME is '${JAVA_HOME:-unset}', nothing new enough under /usr/lib/jvm); install one (e.g. 'apt-get install openjdk-25-jdk-headless' or a Temurin 25 package) and set JAVA_HOME to it." >&2
  # `return` when sourced, `exit` when run as a script: never close the user's shell.
  (return 0 2>/dev/null) && return 1 || exit 1
fi
