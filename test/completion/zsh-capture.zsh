# Usage: zsh -f zsh-capture.zsh <dir holding _fnf> <output file> <command line>
# Starts an interactive zsh in a pseudo-terminal (zsh/zpty) with compinit and
# _fnf on $fpath, types the command line and Tab, and writes every match the
# completion system is given into the output file, one per line. compadd is
# wrapped to record its matches (-O) before adding them as usual; the shell
# exits right after the completion widget has run.
zmodload zsh/zpty || exit 2
local fdir=$1 out=$2 line=$3
: >| $out

zpty capture zsh -f -i
zpty -w capture "PROMPT='' RPROMPT=''; fpath=(${(q)fdir} \$fpath); autoload -Uz compinit; compinit -u -D"
zpty -w capture "__capture_out=${(q)out}"
zpty -w capture '
compadd() {
  if (( ${@[(I)-[OAD]]} )); then builtin compadd "$@"; return; fi
  local -a __hits __apre __hpre
  zparseopts -E P:=__apre p:=__hpre
  builtin compadd -O __hits "$@"
  local h
  for h in $__hits; do print -r -- "$IPREFIX${__apre[2]}${__hpre[2]}$h" >> $__capture_out; done
  builtin compadd "$@"
}
comppostfuncs=(exit)'
zpty -w -n capture "$line"$'\t'
# Drain the terminal until the shell exits (zpty -r fails then).
while zpty -r capture; do :; done >/dev/null 2>&1
exit 0
