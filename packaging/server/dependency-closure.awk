# The jar file names of the listed dependencies and their transitive closure, from a Maven
# `dependency:tree -DoutputType=tgf` file (what Maven resolved for the whole project, conflicts mediated).
# usage: awk -f dependency-closure.awk server-dependencies.txt tree.tgf
FNR == 1 { file++ }
file == 1 { if ($0 !~ /^#/ && NF > 0) roots[$1] = 1; next }
/^#$/ { edges = 1; next }
!edges {
  n = split($2, c, ":")
  if (n < 5) next
  ga = c[1] ":" c[2]
  jar[$1] = (n == 6) ? c[2] "-" c[5] "-" c[4] ".jar" : c[2] "-" c[4] ".jar"
  if (ga in roots) { queue[++tail] = $1; seen[$1] = 1; found[ga] = 1 }
  next
}
{ children[$1] = children[$1] " " $2 }
END {
  for (r in roots) if (!(r in found)) { print "missing dependency " r > "/dev/stderr"; bad = 1 }
  for (head = 1; head <= tail; head++) {
    k = split(children[queue[head]], kids, " ")
    for (i = 1; i <= k; i++) if (!(kids[i] in seen)) { seen[kids[i]] = 1; queue[++tail] = kids[i] }
  }
  for (i = 1; i <= tail; i++) print jar[queue[i]]
  exit bad
}
