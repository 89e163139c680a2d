#!/usr/bin/env bash
# manpage.sh FORMFUZZ VERSION OUT: writes the formfuzz(1) man page (roff) to
# OUT from the tool's own help: `formfuzz --help` gives the synopsis and the
# command list, and every command's `--help` becomes a subsection of COMMANDS,
# verbatim. Written atomically (a temporary file renamed onto OUT).
set -euo pipefail
if [ $# -ne 3 ]; then
  echo "usage: manpage.sh FORMFUZZ VERSION OUT" >&2
  exit 2
fi
bin=$1 version=$2 out=$3

# Help text as literal roff: backslashes escaped, a leading . or ' neutralised.
verbatim() {
  printf '.nf\n'
  sed -e 's/\\/\\e/g' -e "s/^\([.']\)/\\\\\&\1/"
  printf '.fi\n'
}

main_help=$("$bin" --help)
commands=$(printf '%s\n' "$main_help" | awk '/^commands:/ {on = 1; next} on && /^  [a-z]/ {print $1}')
if [ -z "$commands" ]; then
  echo "manpage.sh: no commands in '$bin --help'" >&2
  exit 3
fi

mkdir -p "$(dirname "$out")"
tmp=$(mktemp "$out.XXXXXX")
trap 'rm -f "$tmp"' EXIT
{
  printf '.TH FORMFUZZ 1 "" "formfuzz %s" "User Commands"\n' "$version"
  printf '.SH NAME\nformfuzz \\- coverage-guided fuzzing: campaigns, triage, reports and a harness compiler\n'
  printf '.SH SYNOPSIS\n.B formfuzz\n.I command\n[\\fIoptions\\fR]\n'
  printf '.SH DESCRIPTION\n'
  printf '%s\n' "$main_help" | verbatim
  printf '.PP\nCommands other than \\fBcc\\fR read the components of a formfuzz source\n'
  printf 'checkout: run them inside one or set \\fBFORMFUZZ_ROOT\\fR. An installed\n'
  printf '\\fBformfuzz cc\\fR links the archives installed in \\fIPREFIX\\fR/lib/formfuzz;\n'
  printf 'headers and the harness runtime: \\fBpkg-config \\-\\-cflags \\-\\-libs formfuzz\\fR.\n'
  printf '.SH COMMANDS\n'
  for c in $commands; do
    printf '.SS "formfuzz %s"\n' "$c"
    "$bin" "$c" --help 2>&1 | verbatim
  done
  printf '.SH ENVIRONMENT\n'
  printf '.TP\n.B FORMFUZZ_ROOT\nthe formfuzz source tree (default: the nearest one above the working directory)\n'
  printf '.TP\n.B FORMFUZZ_BUILD_DIR\none existing build directory for every engine\n'
  printf '.TP\n.B FORMFUZZ_CC\nthe compiler of \\fBformfuzz cc\\fR (default: clang)\n'
  printf '.TP\n.B NO_COLOR\nno colours in terminal output\n'
} >"$tmp"
chmod 644 "$tmp"
mv "$tmp" "$out"
trap - EXIT
