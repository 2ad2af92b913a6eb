# Shared body of every shim (sourced by bash): send argv/env/cwd (and stdin when asked) for node
# $SIM_HOSTNAME to the simulator's shim listener at $SIM_SHIM_ADDR, then eval the bash snippet it
# answers (print stdout/stderr and exit, or run the real command). Builtins only on this path: a
# shim runs many times per task and any process start (Node ~50 ms, even `cat`, itself shimmed)
# costs far more than the call. Wire format: sim/control/shim-wire-codec.ts.
# Without SIM_SHIM_ADDR or /dev/tcp, the Node shim (_forward.js, over HTTP) does the same job.
# Every name here starts with sim_shim/__sim_ so the task's own variables (which the real command
# gets on passthrough) stay as they were.

__sim_dir=${BASH_SOURCE[0]%/*}

# sim_shim_has_arg WORD ARGS...: whether WORD is one of ARGS.
sim_shim_has_arg() {
  local __sim_w=$1 __sim_a
  shift
  for __sim_a; do [[ $__sim_a == "$__sim_w" ]] && return 0; done
  return 1
}

__sim_die() {
  printf '%s: simulator shim: %s\n' "$__sim_tool" "$1" >&2
  exit 1
}

# Byte counts need the C locale (in UTF-8, ${#x} and read -N count characters).
__sim_read_stdin() {
  local LC_ALL=C
  __sim_stdin=
  IFS= read -r -N "$__sim_max" __sim_stdin || true
  __sim_stdin_len=${#__sim_stdin}
}

__sim_read_reply() {
  local LC_ALL=C __sim_n=
  read -r __sim_n <&3 || __sim_die "no reply from $SIM_SHIM_ADDR"
  [[ $__sim_n =~ ^[0-9]+$ ]] || __sim_die "bad reply from $SIM_SHIM_ADDR"
  __sim_reply=
  # -N reads in blocks (a -d read of a socket costs one syscall per byte).
  ((__sim_n == 0)) || IFS= read -r -N "$__sim_n" __sim_reply <&3
  ((${#__sim_reply} == __sim_n)) || __sim_die "short reply from $SIM_SHIM_ADDR"
}

# The reply's passthrough: the real command, found on PATH after the shims dir, gets the call
# (and the standard input already read, if any).
sim_shim_passthrough() {
  local __sim_p __sim_dirs
  exec 3>&-
  IFS=: read -r -a __sim_dirs <<<"$PATH"
  for __sim_p in "${__sim_dirs[@]}"; do
    [[ -n $__sim_p && ! $__sim_p -ef $__sim_dir ]] || continue
    if [[ -f $__sim_p/$__sim_tool && -x $__sim_p/$__sim_tool ]]; then
      if [[ $__sim_want == 1 ]]; then exec "$__sim_p/$__sim_tool" "$@" < <(printf '%s' "$__sim_stdin"); fi
      exec "$__sim_p/$__sim_tool" "$@"
    fi
  done
  __sim_die 'no real command on PATH to run'
}

# The Node shim over HTTP, where bash cannot use the listener.
__sim_fallback() {
  exec 3>&-
  exec node "$__sim_dir/_forward.js" "$__sim_tool" "$__sim_want" "$@"
}

# sim_shim TOOL STDIN ARGS...: run this call of TOOL (STDIN 1: its standard input is content to send).
sim_shim() {
  __sim_tool=$1 __sim_want=$2 __sim_max=$((8 * 1024 * 1024))
  shift 2
  if [[ -z ${SIM_SHIM_ADDR-} ]] || ! { exec 3<>"/dev/tcp/${SIM_SHIM_ADDR%:*}/${SIM_SHIM_ADDR##*:}"; } 2>/dev/null; then
    __sim_fallback "$@"
  fi
  # The environment as this process got it, which is what Node's process.env holds on the fallback
  # path (bash's own `compgen -e` would need a subshell to capture, and prefix scans cost ~0.7 ms).
  local __sim_env
  mapfile -d '' -t __sim_env </proc/self/environ 2>/dev/null || __sim_fallback "$@"
  local __sim_in=(0)
  if [[ $__sim_want == 1 ]]; then
    __sim_read_stdin
    __sim_in=(1 "$__sim_stdin_len" "$__sim_stdin")
  fi
  # A listener that went away must not kill the shim with SIGPIPE before it can say so.
  trap '' PIPE
  printf '%s\0' SIMSHIM1 "$__sim_tool" "${SIM_HOSTNAME-}" "$PWD" $# "$@" ${#__sim_env[@]} "${__sim_env[@]}" \
    "${__sim_in[@]}" >&3 2>/dev/null
  trap - PIPE
  __sim_read_reply
  eval "$__sim_reply"
  __sim_die "reply from $SIM_SHIM_ADDR did not end the call"
}
