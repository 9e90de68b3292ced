# Completes a command line in a real interactive zsh, as a user's Tab would, and prints the
# candidates one a line. zsh completes only inside its line editor, so a second zsh runs on a
# pseudo-terminal (zpty) with compinit and the script loaded, and compadd is wrapped to print
# what completion adds. Each line's candidates are followed by a line <end>.
# Usage: zsh -f zsh-complete.zsh SCRIPT 'sluice get ' ['sluice pro' ...]
zmodload zsh/zpty || exit 2
script=$1
lines=(${@[2,-1]})
zpty shell zsh -f -i
zpty -w shell "PS1=''; RPS1=''; unsetopt zle_bracketed_paste 2>/dev/null"
zpty -w shell "autoload -U compinit && compinit -u -D"
zpty -w shell "zstyle ':completion:*' list-grouped false; zstyle ':completion:*' insert-tab false"
zpty -w shell 'compadd () {
  if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return $?; fi
  local -a added
  builtin compadd -A added "$@"
  local word; for word in $added; do print -r -- "<candidate>$word"; done
}'
# Tab completes, then says so: the next line is typed only once completion is over (typed ahead,
# it would cut completion short).
zpty -w shell '_test_complete() { zle complete-word; print -r -- "<comp""leted>"; }; zle -N _test_complete; bindkey "^I" _test_complete'
zpty -w shell "source ${(q)script}; print -r -- '<lo''aded>'"
# The markers are split in what is typed, so the echo of the typed line never matches them.
zpty -r shell output '*<loaded>*'
for line in $lines; do
  zpty -w -n shell "$line"$'\t'
  zpty -r shell output '*<completed>*'
  zpty -w -n shell $'\C-u'
  zpty -w shell "print -r -- '<fini''shed>'"
  zpty -r shell rest '*<finished>*'
  output=${output//$'\r'/}
  # A candidate may follow the echo of the typed line on the same line.
  print -r -- ${(F)${${(M)${(f)output}:#*<candidate>*}##*<candidate>}}
  print -r -- '<end>'
done
zpty -d shell
