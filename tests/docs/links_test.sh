#!/usr/bin/env bash
# The relative links of the documentation: README.md, every docs/**/*.md and
# every components/*/README.md. A link [text](target) or a reference
# definition [name]: target outside code must name a file or directory that
# exists, and a #anchor must be a heading of the target markdown file under
# GitHub's rules (lowercase; spaces become '-'; punctuation other than '-' and
# '_' dropped; a repeated heading gets -1, -2, ...). Links with a scheme
# (http://, https://, mailto:) are not followed.
# First the checker runs on a small fixture with known good and broken links,
# so a checker that stopped finding anything fails the test too.
#   usage: links_test.sh [source-root]   (default: the tree holding this script)
source "$(dirname "${BASH_SOURCE[0]}")/../common/lib.sh"
root=${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
export LC_ALL=C.UTF-8 # GNU sed's \L and [[:alnum:]] then work on UTF-8 text

# The file with fenced code blocks blanked (line numbers kept) and inline code
# spans removed: links and headings inside code are not links or headings.
prose() {
  awk '
    /^[ \t]*(```|~~~)/ { fenced = !fenced; print ""; next }
    fenced { print ""; next }
    { print }
  ' "$1" | sed -E 's/``[^`]+``//g; s/`[^`]*`//g'
}

# Every anchor of a markdown file, one per line, under GitHub's rules: the
# heading text (outside fenced code) with links reduced to their text,
# lowercased, punctuation other than '-' and '_' dropped, spaces to '-'; a
# repeated anchor gets -1, -2, ... One pass per file, cached.
declare -A anchor_cache=()
anchors() {
  if [[ -z ${anchor_cache[$1]+x} ]]; then
    anchor_cache[$1]=$(
      awk '/^[ \t]*(```|~~~)/ { fenced = !fenced; next }
           !fenced && /^#+[ \t]/ { sub(/^#+[ \t]+/, ""); print }' "$1" |
        sed -E 's/!?\[([^]]*)\]\([^)]*\)/\1/g; s/[[:space:]]+#+[[:space:]]*$//; s/^[[:space:]]+|[[:space:]]+$//g' |
        sed -E 's/.*/\L&/; s/[^[:alnum:] _-]//g; s/ /-/g' |
        awk '{ n = seen[$0]++; print (n ? $0 "-" n : $0) }'
    )
  fi
  printf '%s\n' "${anchor_cache[$1]}"
}

# Checks one markdown file; prints one line per broken link.
check_file() {
  local file=$1 tree=$2 dir n line target path anchor resolved
  dir=$(dirname "$file")
  n=0
  while IFS= read -r line; do
    n=$((n + 1))
    local targets=()
    # inline links and images: ](target) or ](target "title")
    while [[ $line =~ \]\(([^()[:space:]]*)([[:space:]]+\"[^\"]*\")?\)(.*)$ ]]; do
      targets+=("${BASH_REMATCH[1]}")
      line=${BASH_REMATCH[3]}
    done
    # reference definitions: [name]: target
    if [[ $line =~ ^[[:space:]]*\[[^]]+\]:[[:space:]]+([^[:space:]]+) ]]; then
      targets+=("${BASH_REMATCH[1]}")
    fi
    for target in "${targets[@]}"; do
      [[ -z $target || $target =~ ^[A-Za-z][A-Za-z0-9+.-]*: ]] && continue
      path=${target%%#*}
      anchor=
      [[ $target == *#* ]] && anchor=${target#*#}
      path=${path//%20/ }
      if [[ -z $path ]]; then
        resolved=$file
      elif [[ $path == /* ]]; then
        resolved=$tree$path
      else
        resolved=$dir/$path
      fi
      local where=${file#"$tree"/}:$n
      if [[ ! -e $resolved ]]; then
        echo "$where: $target: no such file or directory"
      elif [[ -n $anchor ]]; then
        if [[ ! -f $resolved || $resolved != *.md ]]; then
          echo "$where: $target: an anchor into something that is not a markdown file"
        elif ! anchors "$resolved" > "$work/anchors" || ! grep -qxF -- "$anchor" "$work/anchors"; then
          echo "$where: $target: no heading with the anchor '#$anchor'"
        fi
      fi
    done
  done < <(prose "$file")
}

# The documentation files of a tree: README.md, docs/**/*.md, components/*/README.md.
doc_files() {
  local tree=$1 f
  if [[ -f $tree/README.md ]]; then echo "$tree/README.md"; fi
  if [[ -d $tree/docs ]]; then find "$tree/docs" -name '*.md' | sort; fi
  for f in "$tree"/components/*/README.md; do
    if [[ -f $f ]]; then echo "$f"; fi
  done
}

# Checks every documentation file of a tree.
check_tree() {
  local tree=$1 f
  while IFS= read -r f; do check_file "$f" "$tree"; done < <(doc_files "$tree")
}

# 1. The checker itself, on a fixture whose broken links are known.
fx=$work/fixture
mkdir -p "$fx/docs" "$fx/components/x"
cat > "$fx/docs/a.md" <<'EOF'
# A
## The `formfuzz` command
## Peer engines: AFL++, libFuzzer, replay, OSS-Fuzz
## Dup
## Dup
### snake_case and-dash (§1.2)
```
## not a heading: inside a fence
```
EOF
cat > "$fx/README.md" <<'EOF'
[ok](docs/a.md) [ok](docs/a.md#the-formfuzz-command) [ok](docs/a.md#peer-engines-afl-libfuzzer-replay-oss-fuzz)
[ok](docs/a.md#dup) [ok](docs/a.md#dup-1) [ok](docs/a.md#snake_case-and-dash-12 "title") ![ok](docs/)
[ok](https://example.com/missing.md) `[code span](missing-in-code.md)` [ok](#local)
[broken file](missing.md)
[broken anchor](docs/a.md#dup-2) and [another](docs/a.md#not-a-heading-inside-a-fence)
```
[in a fence](missing-in-fence.md)
```
[ref]: docs/missing-ref.md
## Local
EOF
cat > "$fx/components/x/README.md" <<'EOF'
[ok](../../docs/a.md#a) [broken anchor into a directory](../../docs/#a) [broken](../y/README.md)
EOF
check_tree "$fx" > "$work/fixture.out"
cat > "$work/fixture.want" <<'EOF'
README.md:4: missing.md: no such file or directory
README.md:5: docs/a.md#dup-2: no heading with the anchor '#dup-2'
README.md:5: docs/a.md#not-a-heading-inside-a-fence: no heading with the anchor '#not-a-heading-inside-a-fence'
README.md:9: docs/missing-ref.md: no such file or directory
components/x/README.md:1: ../../docs/#a: an anchor into something that is not a markdown file
components/x/README.md:1: ../y/README.md: no such file or directory
EOF
diff -u "$work/fixture.want" "$work/fixture.out" >&2 ||
  fail "the link checker does not find exactly the fixture's broken links (diff above: - expected, + found)"

# 2. The documentation of this tree.
[[ -f $root/README.md ]] || fail "$root/README.md: not found (pass the source root as the argument)"
check_tree "$root" > "$work/broken"
if [[ -s $work/broken ]]; then
  cat "$work/broken" >&2
  fail "$(wc -l < "$work/broken") broken relative link(s) in the documentation (listed above)"
fi
files=$(doc_files "$root" | wc -l)
echo "links_test: every relative link of $files markdown file(s) resolves"
