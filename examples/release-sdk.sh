#!/usr/bin/env bash
#
# Publishes the Karaf PXE SDK that the examples build against into examples/repository, a Maven
# repository committed with them: org.karafpxe.api, org.karafpxe.store and org.karafpxe.testing
# under a release version (0.1.0 unless given).
#
#   examples/release-sdk.sh [--force] [version]
#
# The release is built from the last commit (git archive HEAD, so uncommitted changes never slip
# in) in a temporary folder, with every module's version set to the release version first, so
# the jars' Bundle-Version is the release's too. It needs git, Java 17 and Maven. Each artifact gets
# a pom without parent (org.karafpxe.testing's depends on the other two at the same version),
# sha1 checksums and maven-metadata.xml. A version already in the repository is left alone unless
# --force is given.
#
set -euo pipefail

usage() {
  echo "usage: $0 [--force] [version]   (version: a release such as 0.1.0, the default)" >&2
  exit 2
}

force=false
version=
for arg in "$@"; do
  case "$arg" in
    --force) force=true ;;
    -h|--help) usage ;;
    -*) echo "unknown option $arg" >&2; usage ;;
    *) [ -z "$version" ] || usage; version=$arg ;;
  esac
done
version=${version:-0.1.0}

if [[ ! $version =~ ^[0-9]+(\.[0-9]+)*([.-][A-Za-z0-9]+)*$ ]]; then
  echo "'$version' is not a version; give one like 0.1.0" >&2
  exit 2
fi
if [[ $version == *SNAPSHOT* ]]; then
  echo "'$version' is a snapshot; the examples build against releases only: give one like 0.1.0" >&2
  exit 2
fi

top=$(cd "$(dirname "$0")/.." && pwd)
repository=$top/examples/repository
group=org.karafpxe
group_path=${group//.//}
artifacts=(org.karafpxe.api org.karafpxe.store org.karafpxe.testing)

# The project's own <version>, <name> and <description>: the ones indented by two spaces, as the
# poms of this repository write them (dependency and parent versions are indented deeper).
pom_field() { # pom field
  sed -n "s|^  <$2>\(.*\)</$2>\$|\1|p" "$1" | head -n 1
}

xml_text() {
  sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' <<<"$1"
}

if command -v sha1sum >/dev/null; then
  sha1() { sha1sum "$1" | cut -d ' ' -f 1; }
else
  sha1() { shasum -a 1 "$1" | cut -d ' ' -f 1; }
fi

with_sha1() { # file: writes file.sha1 beside it
  printf '%s' "$(sha1 "$1")" >"$1.sha1"
}

for a in "${artifacts[@]}"; do
  if [ -e "$repository/$group_path/$a/$version" ] && [ "$force" != true ]; then
    echo "$a $version is in $repository already: a release does not change;" >&2
    echo "give another version, or --force to replace it" >&2
    exit 1
  fi
done

commit=$(git -C "$top" rev-parse --short HEAD)
built=$(mktemp -d)
staging=
trap 'rm -rf "$built" "$staging"' EXIT
echo "Building $version from commit $commit in $built"
git -C "$top" archive HEAD | tar -x -C "$built"
(
  cd "$built"
  mvn -B -q -ntp versions:set -DnewVersion="$version" -DgenerateBackupPoms=false -DprocessAllModules=true
  mvn -B -q -ntp package -DskipTests -pl "$(printf 'bundles/%s,' "${artifacts[@]}" | sed 's/,$//')" -am
) || { echo "building the release failed" >&2; exit 1; }

# Everything is written beside the repository first, then moved in, so that a failure leaves no
# half-written release.
staging=$(mktemp -d "$top/examples/.release-sdk.XXXXXX")

for a in "${artifacts[@]}"; do
  module=$top/bundles/$a
  dir=$staging/$a
  mkdir -p "$dir"
  cp "$built/bundles/$a/target/$a-$version.jar" "$dir/$a-$version.jar"

  dependencies=
  if [ "$a" = org.karafpxe.testing ]; then
    dependencies="
  <dependencies>
    <dependency>
      <groupId>$group</groupId>
      <artifactId>org.karafpxe.api</artifactId>
      <version>$version</version>
    </dependency>
    <dependency>
      <groupId>$group</groupId>
      <artifactId>org.karafpxe.store</artifactId>
      <version>$version</version>
    </dependency>
  </dependencies>"
  fi
  cat >"$dir/$a-$version.pom" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<!-- Karaf PXE $version, built from commit $commit by examples/release-sdk.sh. -->
<project xmlns="http://maven.apache.org/POM/4.0.0"
         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <groupId>$group</groupId>
  <artifactId>$a</artifactId>
  <version>$version</version>
  <packaging>jar</packaging>
  <name>$(xml_text "$(pom_field "$module/pom.xml" name)")</name>
  <description>$(xml_text "$(pom_field "$module/pom.xml" description)")</description>$dependencies
</project>
EOF
  with_sha1 "$dir/$a-$version.jar"
  with_sha1 "$dir/$a-$version.pom"
done

for a in "${artifacts[@]}"; do
  target=$repository/$group_path/$a
  mkdir -p "$target"
  rm -rf "${target:?}/$version"
  mv "$staging/$a" "$target/$version"

  # Every version of the artifact in the repository, the highest last.
  versions=$(for d in "$target"/*/; do basename "$d"; done | sort -V)
  latest=$(tail -n 1 <<<"$versions")
  {
    echo '<?xml version="1.0" encoding="UTF-8"?>'
    echo '<metadata>'
    echo "  <groupId>$group</groupId>"
    echo "  <artifactId>$a</artifactId>"
    echo '  <versioning>'
    echo "    <latest>$latest</latest>"
    echo "    <release>$latest</release>"
    echo '    <versions>'
    while read -r v; do
      echo "      <version>$v</version>"
    done <<<"$versions"
    echo '    </versions>'
    echo "    <lastUpdated>$(date -u +%Y%m%d%H%M%S)</lastUpdated>"
    echo '  </versioning>'
    echo '</metadata>'
  } >"$target/maven-metadata.xml"
  with_sha1 "$target/maven-metadata.xml"
  echo "Released $group:$a:$version (commit $commit) into ${target#"$top"/}/$version"
done

example=$(sed -n 's|.*<karafpxe.version>\(.*\)</karafpxe.version>.*|\1|p' "$top/examples/lab-provider/pom.xml")
if [ "$example" != "$version" ]; then
  echo "note: examples/lab-provider builds against $example; set karafpxe.version in its pom.xml to $version to use this release"
fi
if [ "$force" = true ]; then
  echo "note: Maven keeps the release it resolved before; remove ~/.m2/repository/$group_path/<artifact>/$version to use the new jars"
fi
