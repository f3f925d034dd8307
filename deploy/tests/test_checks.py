"""Each deploy-check must fail on the mismatch it exists for: these tests feed the checks
broken copies of the repository's own files (run by deploy/validate.sh, `make deploy-check`).
Run alone: python3 -m unittest discover -s deploy/tests"""

import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

DEPLOY = pathlib.Path(__file__).resolve().parent.parent
ROOT = DEPLOY.parent


def run(script, *args):
    return subprocess.run([sys.executable, str(DEPLOY / script), *map(str, args)],
                          capture_output=True, text=True)


class Copy:
    """A scratch copy of the files the monitoring check reads, to break one at a time."""

    def __enter__(self):
        self.dir = tempfile.TemporaryDirectory()
        self.root = pathlib.Path(self.dir.name)
        for source in ["crates", "services"]:
            for rs in (ROOT / source).glob("*/src/**/*.rs"):
                target = self.root / rs.relative_to(ROOT)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(rs, target)
        shutil.copytree(ROOT / "deploy/monitoring", self.root / "deploy/monitoring")
        (self.root / "docs").mkdir()
        shutil.copy(ROOT / "docs/OPERATIONS.md", self.root / "docs/OPERATIONS.md")
        return self

    def __exit__(self, *_):
        self.dir.cleanup()

    def edit(self, path, old, new):
        file = self.root / path
        text = file.read_text()
        assert old in text, f"{old!r} not in {path}: update the test"
        file.write_text(text.replace(old, new, 1))


class MonitoringCheck(unittest.TestCase):
    def check(self, copy):
        return run("check_monitoring.py", copy.root)

    def test_the_shipped_files_pass(self):
        with Copy() as copy:
            result = self.check(copy)
            self.assertEqual(result.returncode, 0, result.stderr)

    def test_a_runbook_anchor_that_does_not_exist_fails(self):
        with Copy() as copy:
            copy.edit("docs/OPERATIONS.md", '<a id="slow-acceptance"></a>', "")
            copy.edit("docs/OPERATIONS.md", "### Slow acceptance", "### Acceptance is slow")
            result = self.check(copy)
            self.assertEqual(result.returncode, 1)
            self.assertIn("BatonSlowAcceptance", result.stderr)
            self.assertIn("no anchor #slow-acceptance", result.stderr)

    def test_an_alert_without_a_runbook_fails(self):
        with Copy() as copy:
            copy.edit("deploy/monitoring/alerts.yaml",
                      "          runbook: docs/OPERATIONS.md#alerts-raised\n", "")
            result = self.check(copy)
            self.assertEqual(result.returncode, 1)
            self.assertIn("alert BatonAlertsRaised: no runbook", result.stderr)

    def test_a_threshold_at_the_top_bucket_fails(self):
        with Copy() as copy:
            # The buckets as they were when BatonSlowAcceptance could never fire.
            metrics = "crates/telemetry/src/metrics.rs"
            text = (copy.root / metrics).read_text()
            text = re.sub(r"(const ACCEPTANCE_BUCKETS: &\[f64\] = &\[)[^\]]*\]",
                          r"\g<1>1.0, 10.0, 30.0, 60.0]", text)
            (copy.root / metrics).write_text(text)
            result = self.check(copy)
            self.assertEqual(result.returncode, 1)
            self.assertIn("BatonSlowAcceptance: threshold 60 is not below the top finite bucket (60)",
                          result.stderr)


def settings_rows(markdown):
    """The settings table of `markdown` without its description column, as the code
    generates it (they agree: deploy-check has compared them before these tests run)."""
    lines = markdown.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| setting | default | secret | read by |"))
    table = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        table.append("| " + " | ".join(cell.strip() for cell in line.strip("|").split("|")[:4]) + " |")
    return "\n".join(["| setting | default | secret | read by |", "|---|---|---|---|", *table]) + "\n"


class SettingsCheck(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.docs = (ROOT / "docs/OPERATIONS.md").read_text()
        self.generated = pathlib.Path(self.dir.name) / "generated.md"
        self.generated.write_text(settings_rows(self.docs))

    def tearDown(self):
        self.dir.cleanup()

    def check(self, docs):
        copy = pathlib.Path(self.dir.name) / "OPERATIONS.md"
        copy.write_text(docs)
        return run("check_settings.py", self.generated, copy)

    def row(self, variable):
        return next(line for line in self.docs.splitlines() if line.startswith(f"| `{variable}` |"))

    def test_the_shipped_docs_pass(self):
        result = self.check(self.docs)
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_an_undocumented_setting_fails(self):
        result = self.check(self.docs.replace(self.row("BATON_DEFAULT_FROM") + "\n", ""))
        self.assertEqual(result.returncode, 1)
        self.assertIn("`BATON_DEFAULT_FROM` is read by the code but missing", result.stderr)

    def test_a_wrong_default_fails(self):
        row = self.row("BATON_HTTP_RETRY__MAX")
        result = self.check(self.docs.replace(row, row.replace("`8000`", "`60000`")))
        self.assertEqual(result.returncode, 1)
        self.assertIn("`BATON_HTTP_RETRY__MAX`", result.stderr)

    def test_a_setting_nothing_reads_fails(self):
        row = self.row("BATON_SMTP_URL")
        extra = row.replace("BATON_SMTP_URL", "BATON_SMTP_HOST")
        result = self.check(self.docs.replace(row, row + "\n" + extra))
        self.assertEqual(result.returncode, 1)
        self.assertIn("`BATON_SMTP_HOST` is documented", result.stderr)


if __name__ == "__main__":
    unittest.main()
