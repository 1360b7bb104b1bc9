#!/usr/bin/env bash
# Builds the installable app from target/caplab.jar (run by `mvn -B -Pdist package`, or by hand after a package):
#   target/dist/CAP Lab/        app image: its own trimmed runtime (jlink), launchers "CAP Lab" (the GUI) and
#                               caplab (the command line), the bundled configs and lessons
#   target/dist/*.deb           where dpkg-deb and fakeroot exist, unless CAPLAB_DEB=no (CI: the image is what
#                               the smoke test runs; the .deb only packs it)
# The runtime keeps bin/java: node processes are child JVMs started from java.home (cluster.JavaCommand).
set -euo pipefail
cd "$(dirname "$0")/../.."
# The JDK's own tools: from JAVA_HOME, else next to the java on PATH (CI machines often set neither jlink
# nor jpackage on PATH).
if [[ -n ${JAVA_HOME:-} ]]; then
  JDK_BIN=$JAVA_HOME/bin/
else
  JDK_BIN=$(dirname "$(readlink -f "$(command -v java)")")/
fi
for tool in jdeps jlink jpackage; do
  [[ -x ${JDK_BIN}$tool ]] || {
    echo "app-image: no $tool in $JDK_BIN: the app image needs a full JDK 17 (jdeps, jlink, jpackage)," \
      "not a JRE; set JAVA_HOME to one" >&2
    exit 1
  }
done
[[ -f target/caplab.jar ]] || { echo "app-image: no target/caplab.jar: run mvn -B package first" >&2; exit 1; }
VERSION=${CAPLAB_VERSION:-0.1.0}
out=target/dist
rm -rf "$out"
mkdir -p "$out/input"
cp target/caplab.jar "$out/input/"
cp -r configs "$out/input/configs"
mkdir -p "$out/input/lessons" && cp assets/lessons/*.yaml assets/lessons/README.md "$out/input/lessons/"

# The JDK modules the jar needs (jdeps), plus those reached only by reflection or service lookup.
modules=$("${JDK_BIN}jdeps" --ignore-missing-deps --multi-release 17 --print-module-deps "$out/input/caplab.jar")
modules="$modules,jdk.crypto.ec,jdk.localedata,jdk.zipfs"
echo "jlink modules: $modules"
"${JDK_BIN}jlink" --add-modules "$modules" --generate-cds-archive --strip-debug --no-header-files --no-man-pages --compress=2 \
  --output "$out/runtime"

cat > "$out/caplab.properties" <<PROPS
main-class=dev.caplab.cli.Main
PROPS
"${JDK_BIN}jpackage" --type app-image --name "CAP Lab" --app-version "$VERSION" --vendor "CAP Lab" \
  --description "A lab for two-phase commit and quorum replication on real node processes" \
  --input "$out/input" --main-jar caplab.jar --main-class dev.caplab.cli.Main \
  --runtime-image "$out/runtime" --icon assets/caplab-icon.png \
  --add-launcher caplab="$out/caplab.properties" --dest "$out"
echo "app image: $out/CAP Lab ($(du -sh "$out/CAP Lab" | cut -f1))"

if [[ ${CAPLAB_DEB:-auto} == no ]]; then
  echo "CAPLAB_DEB=no: skipping the .deb"
elif command -v dpkg-deb >/dev/null && command -v fakeroot >/dev/null; then
  "${JDK_BIN}jpackage" --type deb --app-image "$out/CAP Lab" --name caplab --app-version "$VERSION" \
    --vendor "CAP Lab" --description "A lab for two-phase commit and quorum replication on real node processes" \
    --linux-shortcut --linux-menu-group Education --icon assets/caplab-icon.png --dest "$out"
  ls -la "$out"/*.deb
else
  echo "no dpkg-deb/fakeroot here: skipping the .deb"
fi
