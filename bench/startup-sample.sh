#!/usr/bin/env bash
# `bench/startup sample [runs]` (see bench/startup): the minimal sample's start with and without the starter.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
root="$PWD"
repo="$root/.m2repo"
jdk17="${JDK17:-/usr/lib/jvm/java-17-openjdk-amd64}"
jdk25="${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}"
result="${BENCH_RESULT:-bench/results/$(date -u +%F)-startup-sample.md}"
work="$root/bench/target/startup-sample"
export DDB_LOCAL_TELEMETRY=0

# a private local repository: the shared ~/.m2 linked in (its files are never written: Maven writes new files), and
# dynauth's SNAPSHOTs installed there only
if [ ! -d "$repo" ]; then
  echo "Linking ~/.m2/repository into $repo..." >&2
  cp -al "$HOME/.m2/repository" "$repo"
  rm -rf "$repo/dev/dynauth"
  # the files Maven rewrites in place get copies of their own
  find "$repo" -type f \( -name 'maven-metadata*.xml' -o -name '*.properties' -o -name '_remote.repositories' \
    -o -name '*.lastUpdated' \) -exec sh -c 'for f; do cp "$f" "$f.tmp" && mv "$f.tmp" "$f"; done' _ {} +
fi
if [ -z "${NO_INSTALL:-}" ]; then
  echo "Installing dynauth's modules into $repo (mvn install -DskipTests)..." >&2
  mvn -B -q -o -Dmaven.repo.local="$repo" -pl dynauth-bom,dynauth-spring-boot-starter,dynauth-local -am install \
    -DskipTests >&2
fi

rm -rf "$work"
mkdir -p "$work"
# with: the sample as it is; without: the same app, its dynauth dependencies and the signed-in user taken out
cp -r samples/spring-mvc-minimal "$work/with"
cp -r samples/spring-mvc-minimal "$work/without"
python3 - "$work/without" <<'PY'
import pathlib, re, sys
d = pathlib.Path(sys.argv[1])
pom = d / "pom.xml"
s = pom.read_text()
s = re.sub(r"\s*<dependency>\s*<groupId>dev\.dynauth</groupId>.*?</dependency>", "", s, flags=re.S)
s = re.sub(r"\s*<!-- development:.*?-->", "", s, flags=re.S)
s = re.sub(r"\s*<dependencyManagement>.*?</dependencyManagement>", "", s, flags=re.S)
s = re.sub(r"\s*<dynauth.version>.*?</dynauth.version>", "", s)
pom.write_text(s)
app = next(d.glob("src/main/java/**/MinimalApplication.java"))
a = app.read_text()
a = a.replace("import dev.dynauth.AdapterUser;\n", "").replace(
    "import org.springframework.security.core.annotation.AuthenticationPrincipal;\n", "")
a = a.replace("public String hello(@AuthenticationPrincipal AdapterUser user) {\n        return \"Hello \" + user.email();",
              "public String hello() {\n        return \"Hello\";")
app.write_text(a)
PY
grep -q -E '<groupId>dev.dynauth|dynauth.version|dev\.dynauth' "$work/without/pom.xml" \
  "$work/without/src/main/java/com/example/minimal/MinimalApplication.java" \
  && { echo "the copy without the starter still names dynauth" >&2; exit 1; }
# Spring AOT: the recipe's process-aot execution, in both
for v in with without; do
  python3 - "$work/$v/pom.xml" <<'PY'
import pathlib, sys
p = pathlib.Path(sys.argv[1])
s = p.read_text()
s = s.replace("<artifactId>spring-boot-maven-plugin</artifactId>\n      </plugin>",
              "<artifactId>spring-boot-maven-plugin</artifactId>\n        <executions><execution><id>process-aot</id>"
              "<goals><goal>process-aot</goal></goals></execution></executions>\n      </plugin>")
p.write_text(s)
PY
  echo "Building the sample $v the starter..." >&2
  (cd "$work/$v" && mvn -B -q -Dmaven.repo.local="$repo" package -DskipTests >&2)
  jar="$(ls "$work/$v"/target/*.jar | grep -v original | head -1)"
  "$jdk17/bin/java" -Djarmode=tools -jar "$jar" extract --destination "$work/$v/app" >/dev/null
done

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# start HOW JAVA [JVM options...]: seconds to the first HTTP answer on /hello (any status), and CPU seconds by then
start() {
  local v="$1" java="$2"; shift 2
  local port pid t0 t1 code ticks
  port="$(free_port)"
  t0="$(date +%s.%N)"
  (cd "$work/$v" && exec "$java" "$@" -jar app/*.jar --server.port="$port" --server.address=127.0.0.1 \
    >"$work/$v.log" 2>&1) &
  pid=$!
  for _ in $(seq 30000); do
    code="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/hello" 2>/dev/null || true)"
    [ -n "$code" ] && [ "$code" != 000 ] && break
    kill -0 "$pid" 2>/dev/null || { cat "$work/$v.log" >&2; return 1; }
    sleep 0.02
  done
  t1="$(date +%s.%N)"
  # the java process: the subshell exec'd it
  ticks="$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)"
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
  printf '%s %s\n' "$(echo "$t1 - $t0" | bc)" "$(echo "scale=2; $ticks / $(getconf CLK_TCK)" | bc)"
}

median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.2f\n", (a[NR/2]+a[NR/2+1])/2}'; }

# the ways to start: name | JDK | JVM options (the AOT cache's made below, per app)
ways=("JDK 17|$jdk17|" "JDK 25|$jdk25|" "JDK 25, AOT cache|$jdk25|-XX:AOTCache=app.aot"
  "JDK 25, AOT cache, Spring AOT|$jdk25|-XX:AOTCache=app-spring-aot.aot -Dspring.aot.enabled=true")
for v in with without; do
  echo "Training the AOT caches ($v)..." >&2
  (cd "$work/$v" && "$jdk25/bin/java" -XX:AOTCacheOutput=app.aot -Dspring.context.exit=onRefresh -jar app/*.jar \
    --server.port=0 >/dev/null 2>&1 || true)
  (cd "$work/$v" && "$jdk25/bin/java" -XX:AOTCacheOutput=app-spring-aot.aot -Dspring.aot.enabled=true \
    -Dspring.context.exit=onRefresh -jar app/*.jar --server.port=0 >/dev/null 2>&1 || true)
done
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq "$runs"); do
  for w in "${ways[@]}"; do
    IFS='|' read -r name java opts <<< "$w"
    for v in with without; do
      # shellcheck disable=SC2086
      s="$(start "$v" "$java/bin/java" $opts)"
      echo "$v|$name|$s|$(cut -d' ' -f1 /proc/loadavg)" >> "$work/samples"
      echo "run $r, $v the starter, $name: $s s (wall, CPU), load $(cut -d' ' -f1 /proc/loadavg)" >&2
    done
  done
done
{
  echo "# bench/startup sample $runs, $(date -u '+%F %H:%M') UTC"
  echo
  echo "samples/spring-mvc-minimal with and without the starter (and dynauth-local), each from its extracted jar, to"
  echo "the first HTTP answer on /hello; $(nproc) CPUs, $runs runs each (taking turns), load average $load_before before,"
  echo "$(cut -d' ' -f1-3 /proc/loadavg) after."
  echo
  echo "| how | with the starter: wall, median (min–max) | CPU | without: wall, median (min–max) | CPU | wall with / without |"
  echo "|---|---|---|---|---|---|"
  for w in "${ways[@]}"; do
    IFS='|' read -r name _ _ <<< "$w"
    row="| $name |"
    for v in with without; do
      grep "^$v|$name|" "$work/samples" | cut -d'|' -f3 | awk '{print $1}' > "$work/wall"
      grep "^$v|$name|" "$work/samples" | cut -d'|' -f3 | awk '{print $2}' > "$work/cpu"
      wall="$(median < "$work/wall")"
      eval "wall_$v=$wall"
      row="$row $(printf '%.2f' "$wall") s ($(sort -g "$work/wall" | head -1 | xargs printf '%.2f')–$(sort -g "$work/wall" | tail -1 | xargs printf '%.2f')) | $(median < "$work/cpu") s |"
    done
    echo "$row $(echo "scale=2; $wall_with / $wall_without" | bc) |"
  done
} | tee "$result"
echo "(written to $result)" >&2
