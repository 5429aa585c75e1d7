# Helpers shared by the benchmark scripts (sourced, not run).

# timed CMD...: runs CMD with its standard output discarded and sets `secs` (wall-clock seconds)
# and `rss_mb` (peak resident set size in MB), both measured by /usr/bin/time.
timed() {
  local log rss
  log=$(mktemp)
  /usr/bin/time -f "%e %M" -o "$log" "$@" > /dev/null
  read -r secs rss < "$log"
  rm -f "$log"
  rss_mb=$(echo "$rss / 1024" | bc -l)
}

# per_second COUNT: COUNT divided by the last timed run's seconds.
per_second() { echo "$1 / $secs" | bc -l; }

# median VALUES...: the middle value (the lower middle of an even count).
median() { printf '%s\n' "$@" | sort -g | sed -n "$(( ($# + 1) / 2 ))p"; }

# measure_records NAME CMD...: times CMD and prints its seconds, records per second (of the
# global `records`) and peak RSS, one line.
measure_records() {
  local name=$1; shift
  timed "$@"
  printf '%-36s %7.2f s  %9.0f records/s  %7.1f MB peak RSS\n' "$name" "$secs" "$(per_second "$records")" "$rss_mb"
}
