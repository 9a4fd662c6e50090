//! The Dask runner (`tools/dask_sweep.py`) on a local cluster of 4 worker processes: the
//! merged output of a sharded matrix and a sharded comparison equals the command run whole,
//! and still does when the first attempt of one shard has its process killed and the worker
//! running another shard is killed mid-shard (both shards are retried). Needs Python 3 with
//! the packages of `tools/requirements.txt`; without them the test fails and says how to
//! install them (`.ci/run` installs them first). Also checks that the Kubernetes manifest
//! parses and runs each shard with `--shard $JOB_COMPLETION_INDEX/N`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use super::cli::{corridor, stderr, stdout};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn python(args: &[&str]) -> Output {
    Command::new("python3")
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("python3 does not run ({e}); install Python 3 and then: python3 -m pip install -r tools/requirements.txt"))
}

/// Fails (never skips) when Dask cannot be imported, saying how to install it.
fn require_dask() {
    let o = python(&["-c", "import dask.distributed, yaml"]);
    assert!(
        o.status.success(),
        "the Dask runner's test needs dask[distributed]: run\n    python3 -m pip install -r \
         tools/requirements.txt\n(.ci/run does this first)\n{}",
        stderr(&o)
    );
}

/// Runs the runner with 4 local workers and 5 shards, optionally injecting failures.
fn sweep(work: &Path, output: &Path, fail: &str, command: &[&str]) -> Output {
    let script = root().join("tools/dask_sweep.py");
    let mut cmd = Command::new("python3");
    cmd.arg(script)
        .args(["--corridor", env!("CARGO_BIN_EXE_corridor")])
        .args(["--shards", "5", "--workers", "4", "--retries", "2"])
        .arg("--work-dir")
        .arg(work)
        .arg("--output")
        .arg(output)
        .arg("--")
        .args(command)
        .env("CORRIDOR_SWEEP_FAIL", fail);
    cmd.output().expect("the runner runs")
}

#[test]
fn dask_runner_merges_to_the_whole_run_and_retries_killed_shards() {
    require_dask();
    let dir = std::env::temp_dir().join(format!("corridor-dask-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let origins = dir.join("origins.txt");
    std::fs::write(
        &origins,
        "Almaty\nXi'an\nAktau\nTashkent\nBaku\nUrumqi\nIstanbul\nPoti\n",
    )
    .expect("write");
    let destinations = dir.join("destinations.txt");
    std::fs::write(
        &destinations,
        "Bucharest\nDuisburg\nBaku\nWarsaw\nConstanta\n",
    )
    .expect("write");
    let pairs = root().join("scenarios/pairs.csv");
    let matrix = [
        "matrix",
        "--origins",
        origins.to_str().expect("UTF-8"),
        "--destinations",
        destinations.to_str().expect("UTF-8"),
    ];
    let compare = [
        "compare",
        "--pairs",
        pairs.to_str().expect("UTF-8"),
        "--scenario",
        "kuryk_closed",
        "caspian_winter",
    ];
    for (name, command) in [("matrix", &matrix[..]), ("compare", &compare[..])] {
        let whole = corridor(command);
        assert_eq!(whole.status.code(), Some(0), "{}", stderr(&whole));
        for (case, fail) in [("plain", ""), ("killed", "1:exit,3:kill-worker")] {
            let work = dir.join(format!("{name}-{case}"));
            let output = dir.join(format!("{name}-{case}.out"));
            let run = sweep(&work, &output, fail, command);
            assert_eq!(
                run.status.code(),
                Some(0),
                "{name} {case}: {}",
                stderr(&run)
            );
            let merged = std::fs::read_to_string(&output).expect("the merged output");
            assert_eq!(
                merged,
                stdout(&whole),
                "{name} {case}: merged differs from whole"
            );
            for shard in 0..5 {
                assert!(work.join(format!("shard-{shard}-of-5.jsonl")).exists());
            }
            // The failures happened: each first attempt left its mark before failing.
            for shard in [1, 3] {
                let marked = work.join(format!(".failed-once-{shard}")).exists();
                assert_eq!(marked, case == "killed", "{name} {case} shard {shard}");
            }
        }
    }
    // Bad input is not retried: the runner stops with corridor's exit 2 and its message.
    let missing = dir.join("missing.txt");
    let bad = [
        "matrix",
        "--origins",
        missing.to_str().expect("UTF-8"),
        "--destinations",
        destinations.to_str().expect("UTF-8"),
    ];
    let run = sweep(&dir.join("bad"), &dir.join("bad.out"), "", &bad);
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    assert!(
        stderr(&run).contains("cannot read file"),
        "{}",
        stderr(&run)
    );
    assert!(!dir.join("bad.out").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn kubernetes_job_runs_one_shard_per_completion_index() {
    require_dask();
    let manifest = root().join("deploy/k8s/sweep-job.yaml");
    let check = "import sys, yaml\n\
        job = yaml.safe_load(open(sys.argv[1]))\n\
        spec = job['spec']\n\
        assert job['kind'] == 'Job' and spec['completionMode'] == 'Indexed'\n\
        container = spec['template']['spec']['containers'][0]\n\
        shards = next(e['value'] for e in container['env'] if e['name'] == 'SHARDS')\n\
        assert int(shards) == spec['completions'], 'SHARDS and completions differ'\n\
        script = ' '.join(container['args'])\n\
        assert '--shard \"$JOB_COMPLETION_INDEX/$SHARDS\"' in script, script\n\
        print(script)\n";
    let o = python(&["-c", check, manifest.to_str().expect("UTF-8")]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("corridor compare"));
}
