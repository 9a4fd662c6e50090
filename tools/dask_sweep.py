#!/usr/bin/env python3
"""Run a corridor sweep as shards on a Dask cluster, then merge the shards.

The sweep is any `corridor compare`, `corridor matrix` or `corridor check` command line.
The runner splits it into N shards (`--shard I/N`), submits one task per shard to a Dask
cluster (a LocalCluster on this machine, or the scheduler given with --scheduler), lets Dask
retry a shard whose run failed or whose worker died, and calls `corridor merge` on the shard
files. The merged output is byte-identical to the command run whole.

    python3 tools/dask_sweep.py --shards 8 --workers 4 --output deltas.csv -- \\
        compare --pairs scenarios/pairs.csv --scenario scenarios/*.toml

Every worker must see the corridor binary, the input files and --work-dir at the same paths
(on a cluster: a shared filesystem); docs/scaling.md shows how to point it at Slurm, PBS or
Kubernetes. Exit codes are corridor's: 0 ok, 1 a failed reference check or a violated
invariant, 2 bad input or a shard that failed on every attempt.
"""

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import uuid

# Exit code of a corridor run refused for bad input: running it again cannot help.
BAD_INPUT = 2


class ShardFailed(RuntimeError):
    """A shard's run ended without writing its file (killed, crashed): worth retrying."""


def run_shard(corridor, command, index, count, work_dir, fail):
    """Runs shard `index` of `count` of `command` into a file of `work_dir` (on a worker).

    Returns (path, None) on success, (None, message) when corridor refused the input (exit 2,
    not retried). Raises ShardFailed on any other failure, so that Dask retries the shard.

    `fail` injects failures for testing the retries: a dict from shard index to `exit` (the
    shard's corridor process is killed mid-run on its first attempt) or `kill-worker` (the
    worker process running the shard is killed mid-shard on its first attempt).
    """
    path = os.path.join(work_dir, f"shard-{index}-of-{count}.jsonl")
    args = [corridor, *command, "--shard", f"{index}/{count}", "--output", path]
    mode = fail.get(index)
    marker = os.path.join(work_dir, f".failed-once-{index}")
    first_failure = False
    if mode is not None:
        try:
            # Exclusive creation: only the first attempt, on any worker, fails.
            with open(marker, "x"):
                first_failure = True
        except FileExistsError:
            pass
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if first_failure:
        # Mid-shard: the shard's process is running (Popen returns once it is started).
        process.kill()
        process.wait()
        if mode == "kill-worker":
            os.kill(os.getpid(), signal.SIGKILL)
    _, stderr = process.communicate()
    message = stderr.decode("utf-8", "replace").strip()
    if process.returncode == 0:
        return path, None
    if process.returncode == BAD_INPUT:
        return None, message
    raise ShardFailed(
        f"shard {index}/{count} exited with {process.returncode}: {message[-2000:]}"
    )


def parse_failures(text):
    """`1:exit,2:kill-worker` -> {1: "exit", 2: "kill-worker"}."""
    fail = {}
    for item in filter(None, (text or "").split(",")):
        index, _, mode = item.partition(":")
        if mode not in ("exit", "kill-worker"):
            raise SystemExit(f"CORRIDOR_SWEEP_FAIL: {item!r}: use I:exit or I:kill-worker")
        fail[int(index)] = mode
    return fail


def main(argv=None, cluster=None):
    """Runs the sweep the command line `argv` describes; returns the exit code.

    `cluster` is any Dask cluster object to run on instead of a LocalCluster or --scheduler
    (a dask-jobqueue SLURMCluster or PBSCluster, a dask-kubernetes KubeCluster): see
    docs/scaling.md. It is left running.
    """
    parser = argparse.ArgumentParser(
        description="Run a corridor compare, matrix or check command as shards on Dask "
        "and merge them (the result is byte-identical to the command run whole).",
        epilog="Example: dask_sweep.py --shards 8 --output m.csv -- matrix "
        "--origins o.txt --destinations d.txt",
    )
    parser.add_argument("--corridor", default=shutil.which("corridor") or "corridor",
                        help="the corridor binary, at a path every worker sees")
    parser.add_argument("--shards", type=int, required=True, help="how many shards (N)")
    parser.add_argument("--scheduler", help="address of a running Dask scheduler "
                        "(tcp://host:8786); default: a LocalCluster on this machine")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="LocalCluster worker processes (default: one per core)")
    parser.add_argument("--retries", type=int, default=2,
                        help="extra attempts for a shard whose run fails (default 2)")
    parser.add_argument("--work-dir", help="where shard files go, seen by every worker "
                        "(default: a temporary folder, removed afterwards)")
    parser.add_argument("--output", help="merged output file (default: stdout)")
    parser.add_argument("--format", help="merged output format (as corridor merge --format)")
    parser.add_argument("--network", help="for check: the network, passed to merge")
    parser.add_argument("command", nargs=argparse.REMAINDER,
                        help="-- then the corridor command and its arguments")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command or command[0] not in ("compare", "matrix", "check"):
        parser.error("give the command after --: compare, matrix or check and its arguments")
    if any(a in ("--shard", "--output", "--format") or a.startswith(("--shard=", "--output=",
           "--format=")) for a in command):
        parser.error("the runner sets --shard and --output; give --output and --format to "
                     "the runner instead")
    if args.shards < 1:
        parser.error("--shards must be at least 1")
    fail = parse_failures(os.environ.get("CORRIDOR_SWEEP_FAIL"))

    from dask.distributed import Client, LocalCluster

    own_dir = args.work_dir is None
    work_dir = tempfile.mkdtemp(prefix="corridor-sweep-") if own_dir else args.work_dir
    os.makedirs(work_dir, exist_ok=True)
    local = None
    try:
        if cluster is not None:
            client = Client(cluster)
        elif args.scheduler:
            client = Client(args.scheduler)
        else:
            local = LocalCluster(n_workers=args.workers, threads_per_worker=1,
                                 processes=True, dashboard_address=None)
            client = Client(local)
        with client:
            run = uuid.uuid4().hex[:8]
            futures = [
                client.submit(run_shard, args.corridor, command, i, args.shards, work_dir,
                              fail, key=f"corridor-shard-{i}-of-{args.shards}-{run}",
                              retries=args.retries, pure=False)
                for i in range(args.shards)
            ]
            paths, refused = [], []
            for i, future in enumerate(futures):
                try:
                    path, message = future.result()
                except Exception as e:  # every attempt failed: report it, merge nothing
                    print(f"error: shard {i}/{args.shards} failed on every attempt: {e}",
                          file=sys.stderr)
                    return BAD_INPUT
                if message is not None:
                    refused.append(message)
                else:
                    paths.append(path)
            if refused:
                print(refused[0], file=sys.stderr)
                return BAD_INPUT
        merge = [args.corridor, "merge", *paths]
        if args.output:
            merge += ["--output", args.output]
        if args.format:
            merge += ["--format", args.format]
        if args.network:
            merge += ["--network", args.network]
        return subprocess.run(merge).returncode
    finally:
        if local is not None:
            local.close()
        if own_dir:
            shutil.rmtree(work_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
