#!/usr/bin/env python3
"""Adapter between the outside CSV test suite (../shared/corpora/csv, score_csv.py) and glean.

One request (JSON on stdin, or JSON Lines with --batch) becomes one glean run:
  parse: the input in a temporary file → `csv` source (the case's options mapped to glean's) →
         `json` sink on standard output (with metadata, for the records' indices) → rows, or
         header + records, values in field order; `errors` from glean's own dead letters.
  write: the rows as JSON Lines objects (keys: the header names or column_1…) → `json` source →
         `csv` sink on standard output (the write options mapped) → output_b64.
Answers: the data; {"fail": true, "message"} when glean refused the input (exit 1, a dead letter
for the whole input, a write record dead-lettered); {"unsupported": OPTION} for what glean's
options cannot express. Anything else — glean refusing the pipeline (exit 2, e.g. "unknown stage
type 'csv'"), a signal, a timeout, output that is not JSON — is a crash: exit 1 (per case) or no
response line (--batch), the reason on stderr and in $CSV_ADAPTER_LOG when set (csv-cases.sh
prints them grouped). The adapter never invents data or errors: what glean says is the answer.

env: GLEAN (default .build/release/glean, else .build/debug/glean), CSV_ADAPTER_TIMEOUT (8 s per
run), CSV_ADAPTER_LOG (append one {"id", "crash"} line per crash), CSV_ADAPTER_KEEP=1 (keep the
temporary folders, to rerun a case by hand). Python 3 standard library only.
"""
import base64, json, os, re, shutil, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TIMEOUT = float(os.environ.get("CSV_ADAPTER_TIMEOUT", "8"))
ENCODINGS = {"auto", "utf-8", "utf-16le", "utf-16be", "gb18030", "big5", "shift_jis", "latin-1", "windows-1252"}
ISO_TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)")


class Unsupported(Exception):
    """An option glean's csv stages cannot express; the argument names it."""


class Refused(Exception):
    """glean refused the input (what an expected-fail case wants)."""


class Crash(Exception):
    """Not a verdict on the input: glean rejected the pipeline, died, hung or printed nonsense."""


def glean_binary():
    if os.environ.get("GLEAN"):
        return os.path.join(ROOT, os.environ["GLEAN"]) if not os.path.isabs(os.environ["GLEAN"]) else os.environ["GLEAN"]
    for build in ("release", "debug"):
        path = os.path.join(ROOT, ".build", build, "glean")
        if os.access(path, os.X_OK):
            return path
    raise Crash("no glean binary: set GLEAN or build .build/release/glean")


# --- YAML ------------------------------------------------------------------------------------------

def yaml_string(text):
    """A double-quoted YAML scalar for any text: JSON escapes (a subset of YAML's), characters YAML
    cannot hold raw (DEL, C1 controls, surrogates, U+FFFE/F) as \\u escapes, `$` doubled (glean
    expands ${VAR} in option values, and `$$` is a literal `$`)."""
    out = []
    for ch in json.dumps(text, ensure_ascii=False)[1:-1]:
        c = ord(ch)
        printable = c in (9, 10, 13) or 0x20 <= c <= 0x7E or c == 0x85 or 0xA0 <= c <= 0xD7FF \
            or 0xE000 <= c <= 0xFFFD or c >= 0x10000
        out.append("$$" if ch == "$" else ch if printable else f"\\u{c:04x}")
    return '"' + "".join(out) + '"'


def yaml_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return yaml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(yaml_value(v) for v in value) + "]"
    if isinstance(value, dict):  # keys are not interpolated by glean: plain JSON quoting
        return "{" + ", ".join(f"{json.dumps(k, ensure_ascii=False)}: {yaml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(value)


def pipeline(source, sink):
    """A one-source, one-sink pipeline file; `source`/`sink` are option dicts with `type`."""
    lines = ["name: csv-case", "sources:", "  input:", f"    type: {source['type']}"]
    lines += [f"    {k}: {yaml_value(v)}" for k, v in source.items() if k != "type"]
    lines += ["sinks:", "  output:", f"    type: {sink['type']}", "    inputs: [input]"]
    lines += [f"    {k}: {yaml_value(v)}" for k, v in sink.items() if k != "type"]
    return "\n".join(lines) + "\n"


# --- option mapping ---------------------------------------------------------------------------------

def source_options(opts):
    """The csv source options for a parse case's options (raises Unsupported)."""
    src = {"type": "csv", "dialect": "none", "header": False, "skip_empty_lines": False,
           "ragged": "keep", "types": "string"}
    for key, value in opts.items():
        if key == "delimiter":
            src["delimiter"] = value  # "auto": sniffed (see below)
        elif key == "quote":
            src["quote"] = "none" if value is None else value
        elif key == "escape":
            if value is not None:
                src["escape"] = value
        elif key == "doublequote":
            src["double_quote"] = bool(value)
        elif key == "header":
            src["header"] = bool(value)
        elif key in ("comment", "skip_rows", "max_rows"):
            src[key] = value
        elif key == "skip_empty_lines":
            src["skip_empty_lines"] = value if value == "greedy" else bool(value)
        elif key == "dynamic_typing":
            if value:
                src["types"] = "dynamic"  # each value on its own; a column list is narrowed in parse_case
        elif key == "skip_initial_space":
            src["skip_initial_space"] = bool(value)
        elif key == "max_field_size":
            src["max_field_bytes"] = value
        elif key == "quoting":
            if value == "none":
                src["quote"] = "none"
            elif value in ("nonnumeric", "strings", "notnull"):
                src["quoting"] = value
            elif value not in ("minimal", "all"):  # the reader treats `all` as `minimal`
                raise Unsupported(f"quoting: {value} (parse)")
        elif key == "encoding":
            if str(value).lower() not in ENCODINGS:
                raise Unsupported(f"encoding: {value}")
            src["encoding"] = str(value).lower()
        elif key == "strict":
            src["strict"] = bool(value)
        elif key == "newline":
            terminators = {"\n": "lf", "\r\n": "crlf", "\r": "cr"}
            if value not in terminators:
                raise Unsupported(f"newline: {value!r} (parse)")
            src["newline"] = terminators[value]
        else:  # anything new
            raise Unsupported(f"{key} (parse)")
    if src.get("delimiter") == "auto":
        # glean sniffs only under `dialect: auto` (under `none` a delimiter of `auto` is RFC 4180's
        # comma). The case asks for the delimiter alone to be guessed: the quote and escape stay as
        # given, else RFC 4180's; the header is always given above.
        src["dialect"] = "auto"
        src.setdefault("quote", '"')
        src.setdefault("escape", "double")
    return src


def sink_options(opts, header):
    """The csv sink options for a write case's options and input header (raises Unsupported)."""
    sink = {"type": "csv", "path": "-", "header": header is not None}
    if header is not None:
        sink["columns"] = header  # a header with no rows is still written
    for key, value in opts.items():
        if key == "delimiter":
            sink["delimiter"] = value
        elif key == "quote":
            if value is None:
                sink["quote"] = "none"
            else:
                sink["quote_char"] = value
        elif key == "quoting":
            modes = {"minimal": "needed", "all": "all", "nonnumeric": "nonnumeric", "none": "none", "strings": "strings", "notnull": "notnull"}
            if value not in modes:
                raise Unsupported(f"quoting: {value} (write)")
            if sink.get("quote") != "none":  # `quote: null` already means no quoting
                sink["quote"] = modes[value]
        elif key == "newline":
            if value not in ("\n", "\r\n"):
                raise Unsupported(f"newline: {value!r} (write)")
            sink["newline"] = value
        elif key in ("final_newline", "escape_formulae"):
            sink[key] = bool(value)
        elif key == "doublequote":
            sink["double_quote"] = bool(value)
        elif key == "escape":
            if value is not None:
                sink["escape"] = value
        elif key == "skip_initial_space":
            sink["skip_initial_space"] = bool(value)
        elif key == "skip_empty_rows":
            sink["skip_empty_rows"] = value if value == "greedy" else bool(value)
        elif key == "quote_columns":
            # Booleans by position: the columns at the true positions (names as write_case gives them).
            width = max([len(header or [])] + [len(value)])
            names = list(header or []) + [f"column_{i + 1}" for i in range(len(header or []), width)]
            sink["quote_columns"] = [n for n, q in zip(names, value) if q]
        elif key == "encoding":
            if str(value).lower() not in ("utf-8", "auto"):
                raise Unsupported(f"encoding: {value} (write)")
        else:  # anything new
            raise Unsupported(f"{key} (write)")
    return sink


# --- running glean ----------------------------------------------------------------------------------

def run(tmp, source, sink):
    """Runs the pipeline; -> (exit code, stdout bytes, stderr text, dead letters)."""
    state = tempfile.mkdtemp(dir=tmp, prefix="run-")
    path = os.path.join(state, "pipeline.yml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(pipeline(source, sink))
    dead = os.path.join(state, "dl.jsonl")
    cmd = [glean_binary(), "run", "--progress", "never", "--log-level", "error",
           "--state-dir", os.path.join(state, "state"), "--dead-letter", dead, path]
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        raise Crash(f"glean ran over {TIMEOUT:g} s")
    except OSError as e:
        raise Crash(f"cannot run {cmd[0]}: {e}")
    letters = []
    if os.path.exists(dead):
        with open(dead, encoding="utf-8") as f:
            try:
                letters = [json.loads(line) for line in f if line.strip()]
            except ValueError as e:
                raise Crash(f"the dead-letter file is not JSON Lines: {e}")
    # Temporary paths out of the messages, so that crash reasons group across cases.
    stderr = p.stderr.decode("utf-8", "replace").strip().replace(state, "RUN").replace(tmp, "CASE")
    if p.returncode == 1:
        raise Refused(stderr or "glean exited 1")
    if p.returncode not in (0, 3):
        what = f"signal {-p.returncode}" if p.returncode < 0 else f"exit {p.returncode}"
        raise Crash(f"glean {what}: {stderr[-600:] or '(no message)'}")
    return p.returncode, p.stdout, stderr, letters


def read_records(stdout):
    """JSON Lines with metadata -> [(fields in order, origin)] (Python dicts keep key order)."""
    records = []
    for line in stdout.decode("utf-8").splitlines():
        if not line.strip():
            continue
        try:
            fields = json.loads(line)
        except ValueError as e:
            raise Crash(f"glean wrote a line that is not JSON ({e}): {line[:200]}")
        if not isinstance(fields, dict):
            raise Crash(f"glean wrote a line that is not an object: {line[:200]}")
        origin = fields.pop("_origin", None) or {}  # what `metadata: true` adds, with _id
        fields.pop("_id", None)
        records.append((fields, origin))
    return records


def source_run(tmp, src):
    """Runs the csv source into JSON Lines; -> (records, dead letters)."""
    code, stdout, stderr, letters = run(tmp, src, {"type": "json", "path": "-", "metadata": True})
    records = read_records(stdout)
    if code == 3 and not records and letters:
        raise Refused("; ".join(l.get("error", "?") for l in letters)[:500])
    return records, letters


def error_rows(records, letters):
    """PapaParse-style errors from dead letters: row = the 0-based index the failed record would
    have had (its origin's index, else counted from the lines of the records around it)."""
    errors = []
    lines = sorted(o["line"] for _, o in records if "line" in o)
    letter_lines = sorted(l["origin"]["line"] for l in letters if "line" in l.get("origin", {}))
    for l in letters:
        origin = l.get("origin", {})
        if "index" in origin:
            row = origin["index"]
        elif "line" in origin:
            row = sum(1 for x in lines if x < origin["line"]) + sum(1 for x in letter_lines if x < origin["line"])
        else:
            row = None
        errors.append({"row": row, "message": l.get("error", ""), **({"code": l["code"]} if "code" in l else {})})
    return errors


def typed(value, dynamic):
    # glean's JSON sink writes a timestamp as an ISO 8601 string; the cases spell it {"$date": …}.
    if dynamic and isinstance(value, str) and ISO_TIMESTAMP.fullmatch(value):
        return {"$date": value}
    return value


def parse_case(req, tmp):
    opts = req["options"]
    src = source_options(opts)
    path = os.path.join(tmp, "input.csv")
    with open(path, "wb") as f:
        f.write(base64.b64decode(req["input_b64"]))
    src = {"type": "csv", "path": path, **{k: v for k, v in src.items() if k != "type"}}
    header = src["header"] is True
    typing = opts.get("dynamic_typing")
    first = None  # the first row's raw fields: header names, and the column count
    if header or isinstance(typing, dict):
        try:
            rows, _ = source_run(tmp, {**src, "header": False, "max_rows": 1, "types": "string"})
            first = list(rows[0][0].values()) if rows else []
        except Refused:
            first = None
    if isinstance(typing, dict):
        # Only the listed columns (names or 0-based indices) are typed: name the others `string`.
        names = first if header and first is not None else [f"column_{i + 1}" for i in range(len(first or []))]
        wanted = set(typing.get("columns", []))
        src["types"] = {n: ("dynamic" if n in wanted or i in wanted else "string") for i, n in enumerate(names)}
        if not src["types"]:
            src["types"] = "dynamic"
    records, letters = source_run(tmp, src)
    dynamic = bool(typing)
    values = [[typed(v, dynamic) for v in fields.values()] for fields, _ in records]
    response = {"errors": error_rows(records, letters)}
    if not header:
        response["rows"] = values
        return response
    # The header: the record keys in order of first appearance, as many as the header row has
    # fields (beyond that are a long row's extra `column_N`); the raw header row fills in when no
    # record has every column (a header-only input).
    keys = []
    for fields, _ in records:
        for k in fields:
            if k not in keys:
                keys.append(k)
    width = len(first) if first is not None else len(keys)
    names = keys[:width]
    if first is not None and len(names) < width:
        names += first[len(names):]
    response.update(header=names, records=values)
    return response


def write_case(req, tmp):
    opts, data = req["options"], req["input"]
    header = data.get("header")
    sink = sink_options(opts, header)
    path = os.path.join(tmp, "input.jsonl")
    with open(path, "w", encoding="utf-8") as f:
        for row in data.get("rows", []):
            names = list(header or []) + [f"column_{i + 1}" for i in range(len(header or []), len(row))]
            # Written by hand so that repeated header names stay repeated keys, in order.
            f.write("{" + ",".join(f"{json.dumps(n, ensure_ascii=False)}:{json.dumps(v, ensure_ascii=False)}"
                                   for n, v in zip(names, row)) + "}\n")
    code, stdout, _, letters = run(tmp, {"type": "json", "path": path, "format": "lines"}, sink)
    if code == 3:
        raise Refused("; ".join(l.get("error", "?") for l in letters)[:500] or "dead letters")
    return {"output_b64": base64.b64encode(stdout).decode("ascii")}


def answer(req):
    """-> the response for one request (raises Crash)."""
    tmp = tempfile.mkdtemp(prefix="glean-csv-case-")
    try:
        handler = {"parse": parse_case, "write": write_case}.get(req.get("kind"))
        if handler is None:
            raise Crash(f"unknown kind {req.get('kind')!r}")
        return handler(req, tmp)
    except Unsupported as e:
        return {"unsupported": str(e)}
    except Refused as e:
        return {"fail": True, "message": str(e)}
    finally:
        if os.environ.get("CSV_ADAPTER_KEEP") == "1":
            print(f"{req.get('id')}: kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def report_crash(req, message):
    print(f"csv adapter: {req.get('id')}: CRASH: {message}", file=sys.stderr)
    log = os.environ.get("CSV_ADAPTER_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as f:
            f.write(json.dumps({"id": req.get("id"), "crash": message}, ensure_ascii=False) + "\n")


def main():
    batch = "--batch" in sys.argv[1:]
    requests = [json.loads(l) for l in sys.stdin if l.strip()] if batch else [json.load(sys.stdin)]
    for req in requests:
        try:
            response = answer(req)
        except Exception as e:  # Crash, or a bug here: either way visible, and the batch goes on
            report_crash(req, str(e) if isinstance(e, Crash) else f"adapter error: {e!r}")
            if not batch:
                sys.exit(1)
            continue  # no line: the scorer counts a crash
        print(json.dumps({"id": req.get("id"), **response}, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
