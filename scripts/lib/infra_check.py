#!/usr/bin/env python3
"""Static checks of terraform/ against the code, for scripts/check-infra.sh.

No terraform binary or provider can run here, so this is what stands in for `terraform
validate` and for a plan reviewer who knows the code:

1. every .tf and .tfvars file parses (python-hcl2);
2. module wiring: every module call passes only variables the module declares and every
   variable it requires, and the providers its configuration_aliases name; no module
   declares a provider; every var./local./module./resource reference names something
   declared, down to the attributes of an object variable; every variable has a type and a
   description; every environment is the platform module (terraform/platform) called with
   its own providers, settings and state: no resource of its own, the platform's outputs
   passed through, moved blocks for every module the platform calls, and files that differ
   only in backend.tf and terraform.tfvars, whose settings are the platform's;
3. the Lambda binaries of backend/Cargo.toml, scripts/build-lambdas.sh and the Terraform
   function catalogue are the same set, of the same kinds;
4. the routes each Lambda main serves (backend/src/app.rs's RouteGroup variants and the
   #[utoipa::path] handlers registered in backend/src/routes/*.rs, cross-checked against
   docs/openapi.json) equal the API Gateway routes, function and authorization included;
5. the table's keys, indexes, projection, billing and TTL equal the DynamoDB adapter's
   (shared-lib/src/store/item.rs and dynamodb/);
6. each function's environment holds exactly the variables its code reads, and the AWS
   permissions that can be derived from the code (Cognito account creation, sending mail,
   the DynamoDB calls the adapter makes, the store calls send-notification's Notifier::handle
   makes) match the catalogue, and no function is allowed to publish events;
7. booking events reach send-notification from the table's stream: the table streams new
   images, and the pipe passes exactly the inserted pending-event items (PENDING_EVENT_PREFIX
   of shared-lib/src/keys.rs) to the bus, unchanged, under the source the rule matches and
   the source and detail-type of the envelope backend/tests/api/aws_notifications.rs feeds
   send-notification;
8. every checkov waiver names its check and gives a reason.

Run it with the python of .tools/venv-hcl2:  infra_check.py [--root REPOSITORY]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tomllib
from pathlib import Path

import hcl2

OPTIONS = hcl2.SerializationOptions(strip_string_quotes=True, with_comments=False)

# Resources served by no Lambda, and why (DESIGN §2): checked to be exactly these, so a new
# resource cannot silently go undeployed.
EMBEDDED_ONLY = {
    "Auth": "sign-in is Cognito's; GET /config.json is an S3 object written by modules/s3-cloudfront",
    "Outbox": "the outbox exists only in embedded mode (SES sends in AWS)",
}
# Variables the Lambda code reads that Terraform must not set.
NOT_FROM_TERRAFORM = {
    "AWS_REGION": "set by the Lambda runtime itself",
    "COGNITO_JWKS_URL": "tests only (an AWS-compatible endpoint's JWKS)",
    "TURNAKI_AWS_ENDPOINT": "tests only (an AWS-compatible endpoint)",
}
# The DynamoDB adapter's SDK calls and the IAM actions they need (TransactWriteItems is
# authorised per action it contains).
SDK_TO_IAM = {
    "get_item": {"GetItem"},
    "put_item": {"PutItem"},
    "delete_item": {"DeleteItem"},
    "update_item": {"UpdateItem"},
    "query": {"Query"},
    "transact_write_items": {"PutItem", "DeleteItem", "UpdateItem", "ConditionCheckItem"},
}
# The root module every environment calls (terraform/platform), and what an environment
# holds of its own: its state and its values. Its other files are the same in every one.
PLATFORM = "platform"
ENV_OWN_FILES = ["backend.tf", "terraform.tfvars"]
MODULE_FILES = ["main.tf", "variables.tf", "outputs.tf", "versions.tf"]


class Report:
    def __init__(self) -> None:
        self.errors: list[str] = []

    def fail(self, message: str) -> None:
        self.errors.append(message)

    @staticmethod
    def say(message: str) -> None:
        print(f"  {message}")

    def compare(self, what: str, left_name: str, left: set, right_name: str, right: set) -> None:
        for item in sorted(left - right):
            self.fail(f"{what}: {item} is in {left_name} but not in {right_name}")
        for item in sorted(right - left):
            self.fail(f"{what}: {item} is in {right_name} but not in {left_name}")


# ---------------------------------------------------------------------------------------
# HCL


def parse_all(tf_dir: Path, report: Report) -> dict[Path, dict]:
    parsed = {}
    files = sorted(list(tf_dir.rglob("*.tf")) + list(tf_dir.rglob("*.tfvars")))
    for path in files:
        if ".terraform" in path.parts:
            continue
        try:
            with path.open() as f:
                parsed[path] = hcl2.load(f, serialization_options=OPTIONS)
        except Exception as e:  # noqa: BLE001 - any parser error names the file
            first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
            report.fail(f"{path}: does not parse: {first}")
    return parsed


def blocks(parsed: dict, kind: str) -> list[dict]:
    return parsed.get(kind, []) or []


def resources(parsed: dict, rtype: str) -> dict[str, dict]:
    found = {}
    for block in blocks(parsed, "resource"):
        for name, body in block.get(rtype, {}).items():
            found[name] = body
    return found


def all_resources(parsed: dict) -> set[tuple[str, str]]:
    return {(rtype, name) for block in blocks(parsed, "resource") for rtype, named in block.items()
            if not rtype.startswith("__") for name in named}


def all_data(parsed: dict) -> set[tuple[str, str]]:
    return {(dtype, name) for block in blocks(parsed, "data") for dtype, named in block.items()
            if not dtype.startswith("__") for name in named}


def locals_of(parsed_files: list[dict]) -> dict:
    merged = {}
    for parsed in parsed_files:
        for block in blocks(parsed, "locals"):
            merged.update({k: v for k, v in block.items() if not k.startswith("__")})
    return merged


def variables_of(parsed_files: list[dict]) -> dict[str, dict]:
    found = {}
    for parsed in parsed_files:
        for block in blocks(parsed, "variable"):
            found.update({k: v for k, v in block.items() if not k.startswith("__")})
    return found


def outputs_of(parsed_files: list[dict]) -> set[str]:
    return {k for parsed in parsed_files for block in blocks(parsed, "output") for k in block
            if not k.startswith("__")}


def module_calls(parsed: dict) -> dict[str, dict]:
    return {k: v for block in blocks(parsed, "module") for k, v in block.items() if not k.startswith("__")}


def platform_calls(tf_dir: Path, parsed: dict[Path, dict]) -> dict[str, dict]:
    """The module calls of the platform module, which every environment calls."""
    return module_calls(parsed.get(tf_dir / PLATFORM / "main.tf", {}))


def split_top_level(text: str) -> list[str]:
    """text split at the commas outside brackets and strings."""
    parts, depth, start, in_string = [], 0, 0, False
    for i, c in enumerate(text):
        if c == '"' and (i == 0 or text[i - 1] != "\\"):
            in_string = not in_string
        elif not in_string and c in "([{":
            depth += 1
        elif not in_string and c in ")]}":
            depth -= 1
        elif not in_string and c == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def object_attributes(type_expr: object) -> dict[str, bool] | None:
    """The attributes of an object({...}) type constraint as python-hcl2 renders it, each
    with whether it is required (not optional(...)); None for any other type."""
    m = re.fullmatch(r"\$\{object\(\{(.*)\}\)\}", type_expr, re.S) if isinstance(type_expr, str) else None
    if not m:
        return None
    attributes = {}
    for part in split_top_level(m.group(1)):
        name, _, kind = part.partition("=")
        attributes[name.strip()] = not kind.strip().startswith("optional(")
    return attributes


def configuration_aliases(parsed_files: list[dict]) -> set[str]:
    """The provider aliases a module needs its callers to pass ("aws.us_east_1")."""
    found = set()
    for parsed in parsed_files:
        for block in blocks(parsed, "terraform"):
            for providers in block.get("required_providers", []):
                for spec in providers.values():
                    if isinstance(spec, dict):
                        found |= {a.removeprefix("${").removesuffix("}") for a in spec.get("configuration_aliases", [])}
    return found


def provider_names(parsed_files: list[dict]) -> set[str]:
    """The providers a root module configures: "aws", "aws.us_east_1"."""
    return {f"{name}.{body['alias']}" if body.get("alias") else name
            for parsed in parsed_files for block in blocks(parsed, "provider")
            for name, body in block.items() if not name.startswith("__")}


def strip_hcl_comments(text: str) -> str:
    """Text without # and // comments (strings containing them are rare enough here to ignore
    only when they start a line's comment part outside quotes)."""
    out = []
    for line in text.splitlines():
        in_string = False
        cut = len(line)
        i = 0
        while i < len(line):
            c = line[i]
            if c == '"' and (i == 0 or line[i - 1] != "\\"):
                in_string = not in_string
            elif not in_string and (c == "#" or line.startswith("//", i)):
                cut = i
                break
            i += 1
        out.append(line[:cut])
    return "\n".join(out)


# ---------------------------------------------------------------------------------------
# Rust source


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def fn_body(source: str, name_pattern: str) -> str:
    """The text of a Rust fn from its signature to its closing brace (brace matching)."""
    m = re.search(rf"fn\s+{name_pattern}\b[^{{]*{{", source)
    if not m:
        return ""
    depth, i = 1, m.end()
    while i < len(source) and depth:
        if source[i] == "{":
            depth += 1
        elif source[i] == "}":
            depth -= 1
        i += 1
    return source[m.start():i]


def lambda_binaries(root: Path, report: Report) -> dict[str, Path]:
    manifest = tomllib.loads(read(root / "backend/Cargo.toml"))
    bins = {b["name"]: root / "backend" / b["path"] for b in manifest.get("bin", [])
            if b.get("path", "").startswith("src/bin/lambda/")}
    listed = {p.resolve() for p in bins.values()}
    for source in sorted((root / "backend/src/bin/lambda").glob("*.rs")):
        if source.resolve() not in listed:
            report.fail(f"{source.relative_to(root)} has no [[bin]] entry in backend/Cargo.toml")
    return bins


def route_modules_by_resource(root: Path) -> tuple[dict[str, list[str]], list[str], list[str]]:
    app = read(root / "backend/src/app.rs")
    routes_fn = fn_body(app, "routes")
    arms = re.split(r"\bSelf::(\w+)\s*=>", routes_fn)
    by_resource = {}
    for resource, expr in zip(arms[1::2], arms[2::2]):
        by_resource[resource] = re.findall(r"routes::(\w+)::router", expr)
    documented = fn_body(app, "documented")
    common = re.findall(r"routes::(\w+)::router", documented)
    all_list = re.search(r"pub const ALL:[^=]*=\s*\[(.*?)\];", app, re.S)
    everything = re.findall(r"Self::(\w+)", all_list.group(1)) if all_list else []
    return by_resource, common, everything


HANDLER = re.compile(
    r"#\[utoipa::path\(\s*(get|post|put|patch|delete|head|options)\s*,\s*path\s*=\s*\"([^\"]+)\"(.*?)\)\]"
    r"\s*(?:#\[[^\]]*\]\s*)*(?:pub(?:\([^)]*\))?\s+)?async\s+fn\s+(\w+)",
    re.S,
)


def module_routes(root: Path, module: str) -> dict[str, bool]:
    """'METHOD /path' → whether it needs a bearer token, for the handlers the module's
    router registers."""
    source = read(root / f"backend/src/routes/{module}.rs")
    registered = set()
    for group in re.findall(r"routes!\(([^)]*)\)", fn_body(source, "router")):
        registered |= {h.strip() for h in group.split(",") if h.strip()}
    found = {}
    for method, path, attrs, handler in HANDLER.findall(source):
        if handler in registered:
            found[f"{method.upper()} {path}"] = "security(" in attrs
    return found


# ---------------------------------------------------------------------------------------
# Checks


def check_wiring(tf_dir: Path, parsed: dict[Path, dict], report: Report) -> None:
    modules_dir = tf_dir / "modules"
    module_dirs = sorted(p for p in modules_dir.iterdir() if p.is_dir())
    platform = tf_dir / PLATFORM
    checked_refs = 0
    for mdir in module_dirs + [platform]:
        for name in MODULE_FILES:
            if not (mdir / name).is_file():
                report.fail(f"{mdir.relative_to(tf_dir)}: no {name}")
    env_dirs = sorted(p for p in (tf_dir / "environments").iterdir() if p.is_dir())

    def files_in(d: Path) -> list[Path]:
        return sorted(p for p in parsed if p.parent == d and p.suffix == ".tf")

    def trees_of(d: Path) -> list[dict]:
        return [parsed[p] for p in files_in(d)]

    # The attributes of each directory's object variables: declared as object({...}), or,
    # in an environment, the platform's type its `settings = var.settings` passes them to.
    shapes: dict[Path, dict[str, dict[str, bool]]] = {}
    for d in module_dirs + [platform] + env_dirs:
        trees = trees_of(d)
        variables = variables_of(trees)
        shapes[d] = {v: a for v, body in variables.items() if (a := object_attributes(body.get("type"))) is not None}
        calls = {}
        for t in trees:
            calls.update(module_calls(t))
        for args in calls.values():
            target = (d / args.get("source", "")).resolve()
            if not target.is_dir():
                continue
            target_vars = variables_of(trees_of(target))
            for arg, value in args.items():
                m = re.fullmatch(r"\$\{var\.(\w+)\}", value) if isinstance(value, str) else None
                passed = object_attributes(target_vars.get(arg, {}).get("type"))
                if m and passed is not None and m.group(1) not in shapes[d]:
                    shapes[d][m.group(1)] = passed

    for d in module_dirs + [platform] + env_dirs:
        files = files_in(d)
        trees = [parsed[p] for p in files]
        variables = variables_of(trees)
        for vname, body in variables.items():
            for field in ("type", "description"):
                if field not in body:
                    report.fail(f"{d.relative_to(tf_dir)}: variable {vname} has no {field}")
        local_names = set(locals_of(trees))
        declared = set().union(*(all_resources(t) for t in trees)) if trees else set()
        data = set().union(*(all_data(t) for t in trees)) if trees else set()
        calls = {}
        for t in trees:
            calls.update(module_calls(t))
        if d.parent != tf_dir / "environments" and any(blocks(t, "provider") for t in trees):
            report.fail(f"{d.relative_to(tf_dir)}: declares a provider; a module takes its providers from its caller")
        for path in files:
            text = strip_hcl_comments(read(path))
            rel = path.relative_to(tf_dir)
            for ref, attribute in set(re.findall(r"\bvar\.([A-Za-z_][\w-]*)(?:\.([A-Za-z_]\w*))?", text)):
                checked_refs += 1
                if ref not in variables:
                    report.fail(f"{rel}: var.{ref} is not declared")
                elif attribute and ref in shapes[d] and attribute not in shapes[d][ref]:
                    report.fail(f"{rel}: var.{ref}.{attribute} is not an attribute of var.{ref}")
            for ref in set(re.findall(r"\blocal\.([A-Za-z_]\w*)", text)):
                checked_refs += 1
                if ref not in local_names:
                    report.fail(f"{rel}: local.{ref} is not defined")
            for dtype, dname in set(re.findall(r"\bdata\.(aws_\w+)\.(\w+)", text)):
                checked_refs += 1
                if (dtype, dname) not in data:
                    report.fail(f"{rel}: data.{dtype}.{dname} is not declared")
            # A moved block's `from` names an address that is gone by design; its `to` must exist.
            current = re.sub(r"(\bmoved\s*\{[^}]*?)\bfrom\s*=[^\n]*", r"\1", text)
            for rtype, rname in set(re.findall(r"(?<![\w.])(aws_[a-z0-9_]+)\.([a-z_][a-z0-9_]*)\b", current)):
                checked_refs += 1
                if (rtype, rname) not in declared:
                    report.fail(f"{rel}: {rtype}.{rname} is not declared in {d.relative_to(tf_dir)}")
            # module.<call>.<output>, but not module.<call>.module.<call> (a moved block's address).
            for mname, output in set(re.findall(r"(?<!\.)\bmodule\.([\w-]+)\.([\w-]+)", text)):
                checked_refs += 1
                if mname not in calls:
                    report.fail(f"{rel}: module.{mname} is not called")
                    continue
                if output == "module":
                    continue
                target = (d / calls[mname]["source"]).resolve()
                if output not in outputs_of([parsed[p] for p in files_in(target)]):
                    report.fail(f"{rel}: module.{mname} has no output {output}")
        for mname, args in calls.items():
            target = (d / args["source"]).resolve()
            if not target.is_dir():
                report.fail(f"{d.relative_to(tf_dir)}: module {mname}: no directory {args['source']}")
                continue
            mvars = variables_of([parsed[p] for p in files_in(target)])
            given = {k for k in args if k not in {"source", "providers", "count", "for_each", "depends_on"}
                     and not k.startswith("__")}
            for extra in sorted(given - set(mvars)):
                report.fail(f"{d.relative_to(tf_dir)}: module {mname} has no variable {extra}")
            for missing in sorted(v for v, body in mvars.items() if "default" not in body and v not in given):
                report.fail(f"{d.relative_to(tf_dir)}: module {mname} needs {missing}")
            passed = {k.removeprefix("${").removesuffix("}"): v.removeprefix("${").removesuffix("}")
                      for k, v in (args.get("providers") or {}).items()}
            for alias in sorted(configuration_aliases(trees_of(target)) - set(passed)):
                report.fail(f"{d.relative_to(tf_dir)}: module {mname} is not given the provider {alias} it declares")
            # A root's providers are its own blocks; a module's are those its caller passes it.
            available = (provider_names(trees) | {"aws"} if d.parent == tf_dir / "environments"
                         else configuration_aliases(trees) | {"aws"})
            for source in sorted(set(passed.values()) - available):
                report.fail(f"{d.relative_to(tf_dir)}: module {mname} is given the provider {source}, "
                            f"which {d.relative_to(tf_dir)} does not have")

    # Environments: the platform module with their own providers, state and values.
    platform_trees = trees_of(platform)
    platform_outputs = outputs_of(platform_trees)
    platform_modules = set(platform_calls(tf_dir, parsed))
    settings_shape = shapes[platform].get("settings")
    if settings_shape is None:
        report.fail(f"{PLATFORM}/variables.tf: no settings variable of an object type")
        settings_shape = {}
    first = env_dirs[0]

    def not_own(env: Path) -> list[str]:
        # What Terraform reads (not what init, plan or apply leave behind: lock file, state)
        # but the environment's own files: what every environment must have the same.
        return sorted(p.name for p in env.iterdir()
                      if p.is_file() and p.suffix in {".tf", ".tfvars"} and p.name not in ENV_OWN_FILES)

    shared = not_own(first)
    moved_count = 0
    for env in env_dirs:
        others = not_own(env)
        for name in sorted(n for n in others if n.endswith(".tfvars")):
            report.fail(f"environments/{env.name}/{name}: an environment's values are in its terraform.tfvars")
        for name in sorted(n for n in set(others) ^ set(shared) if n.endswith(".tf")):
            report.fail(f"environments/{env.name}/{name}: the environments do not all have it (each has "
                        f"{', '.join(ENV_OWN_FILES)} of its own and the same {', '.join(shared)})")
        for name in shared:
            if env != first and (env / name).is_file() and read(env / name) != read(first / name):
                report.fail(f"environments/{env.name}/{name} differs from environments/{first.name}/{name}")
        trees = trees_of(env)
        where = f"environments/{env.name}"
        calls = {}
        for t in trees:
            calls.update(module_calls(t))
        call = calls.get(PLATFORM, {})
        if set(calls) != {PLATFORM} or (env / call.get("source", "")).resolve() != platform.resolve():
            report.fail(f"{where}: calls {sorted(calls)}, not the module {PLATFORM} alone (source ../../{PLATFORM})")
        # Every variable of the environment goes to the platform under its own name: settings
        # (terraform.tfvars) and lambda_artifacts_dir (-var on the command line).
        env_vars = variables_of(trees)
        if "settings" not in env_vars:
            report.fail(f"{where}: no variable settings (the values of terraform.tfvars)")
        for vname in sorted(env_vars):
            if call.get(vname) != f"${{var.{vname}}}":
                report.fail(f"{where}: module {PLATFORM} does not take var.{vname} as {vname}")
        own = set().union(*(all_resources(t) | all_data(t) for t in trees)) if trees else set()
        if own:
            report.fail(f"{where}: declares {sorted(f'{a}.{b}' for a, b in own)}; resources belong in {PLATFORM}/")
        outputs = {k: v.get("value") for t in trees for block in blocks(t, "output")
                   for k, v in block.items() if not k.startswith("__")}
        report.compare(f"{where} outputs", where, set(outputs), f"{PLATFORM}/outputs.tf", platform_outputs)
        for name, value in outputs.items():
            if name in platform_outputs and value != f"${{module.{PLATFORM}.{name}}}":
                report.fail(f"{where}: output {name} is {value}, not module.{PLATFORM}.{name}")
        # State written before the platform module lives at module.<name>: a moved block for
        # every module the platform calls, or none at all once every environment applied them.
        moved = {(b.get("from"), b.get("to")) for t in trees for b in blocks(t, "moved")}
        moved_count = len(moved)
        if moved:
            report.compare(f"{where} moved blocks", where, moved, f"the modules {PLATFORM}/main.tf calls",
                           {(f"${{module.{m}}}", f"${{module.{PLATFORM}.module.{m}}}") for m in platform_modules})
    keys = {}
    for env in env_dirs:
        backend = parsed.get(env / "backend.tf", {})
        s3 = [b["backend"] for b in blocks(backend, "terraform") if "backend" in b]
        config = s3[0][0].get("s3") if s3 and isinstance(s3[0], list) else None
        if not config:
            report.fail(f"environments/{env.name}/backend.tf: no S3 backend")
            continue
        if not (config.get("use_lockfile") is True or config.get("dynamodb_table")):
            report.fail(f"environments/{env.name}/backend.tf: no state locking")
        keys[env.name] = (config.get("bucket"), config.get("key"))
        tfvars = parsed.get(env / "terraform.tfvars")
        if tfvars is None:
            report.fail(f"environments/{env.name}: no terraform.tfvars")
            continue
        variables = variables_of([parsed[p] for p in files_in(env)])
        values = {k: v for k, v in tfvars.items() if not k.startswith("__")}
        for extra in sorted(set(values) - set(variables)):
            report.fail(f"environments/{env.name}/terraform.tfvars: {extra} is not a variable")
        for missing in sorted(v for v, body in variables.items() if "default" not in body and v not in values):
            report.fail(f"environments/{env.name}/terraform.tfvars: {missing} has no value")
        for vname, shape in shapes[env].items():
            given = values.get(vname)
            if not isinstance(given, dict):
                continue
            # Terraform drops an attribute the type lacks without a word: a misspelt setting.
            for extra in sorted(set(given) - set(shape)):
                report.fail(f"environments/{env.name}/terraform.tfvars: {vname}.{extra} is not a setting "
                            f"of {PLATFORM}/variables.tf")
            for missing in sorted(a for a, required in shape.items() if required and a not in given):
                report.fail(f"environments/{env.name}/terraform.tfvars: {vname}.{missing} has no value")
        settings = values.get("settings") if isinstance(values.get("settings"), dict) else {}
        if settings.get("environment") != env.name:
            report.fail(f"environments/{env.name}/terraform.tfvars: environment is {settings.get('environment')}")
        want = {"dev": {"log_retention_days": 7, "deletion_protection": False},
                "prd": {"log_retention_days": 30, "deletion_protection": True}}.get(env.name, {})
        for k, v in want.items():
            if settings.get(k) != v:
                report.fail(f"environments/{env.name}/terraform.tfvars: {k} is {settings.get(k)}, not {v}")
    if len(set(keys.values())) != len(keys):
        report.fail(f"environments share a state location: {keys}")
    report.say(f"wiring: {len(module_dirs)} modules wired by {PLATFORM}/ ({len(platform_modules)} calls), "
               f"{checked_refs} references resolved; {len(env_dirs)} environments, each {PLATFORM}/ with its own "
               f"providers, settings ({len(settings_shape)} known, {sum(settings_shape.values())} required) and state "
               f"({', '.join(f'{e}: {b}/{k}' for e, (b, k) in keys.items())}), its {len(platform_outputs)} outputs "
               f"passed through, {moved_count} moved blocks, and {', '.join(shared)} word for word")


def check_functions(root: Path, tf_dir: Path, parsed: dict[Path, dict], report: Report) -> dict:
    bins = lambda_binaries(root, report)
    catalogue_locals = locals_of([parsed[tf_dir / "modules/functions/main.tf"]])
    functions = catalogue_locals.get("functions", {})
    script = read(root / "scripts/build-lambdas.sh")
    m = re.search(r"^all_functions=\(([^)]*)\)", script, re.M)
    built = set(m.group(1).split()) if m else set()
    report.compare("Lambda functions", "backend/Cargo.toml", set(bins), "modules/functions", set(functions))
    report.compare("Lambda functions", "backend/Cargo.toml", set(bins), "scripts/build-lambdas.sh", built)
    kinds = {}
    for name, path in bins.items():
        main = read(path)
        if re.search(r"\blambda::run\(", main):
            kinds[name] = "http"
        elif re.search(r"notifications::run_\w+\(", main):
            kinds[name] = "event"
        else:
            report.fail(f"{path.relative_to(root)}: neither an HTTP (lambda::run) nor an event main")
        want = functions.get(name, {}).get("kind")
        if name in functions and kinds.get(name) != want:
            report.fail(f"function {name}: the code makes it {kinds.get(name)}, modules/functions says {want}")
    for name, f in functions.items():
        if f.get("memory_mb", 0) < 512:
            report.fail(f"function {name}: {f.get('memory_mb')} MB, less than 512")
    function = resources(parsed[tf_dir / "modules/lambda/main.tf"], "aws_lambda_function").get("this", {})
    shape = {
        "runtime": function.get("runtime"),
        "architectures": function.get("architectures"),
        "handler": function.get("handler"),
        "tracing": (function.get("tracing_config") or [{}])[0].get("mode"),
    }
    want = {"runtime": "provided.al2023", "architectures": ["arm64"], "handler": "bootstrap", "tracing": "Active"}
    for field, value in want.items():
        if shape[field] != value:
            report.fail(f"modules/lambda: the functions' {field} is {shape[field]}, not {value}")
    if "bootstrap.zip" not in str(function.get("filename")):
        report.fail("modules/lambda: the functions are not deployed from <function>/bootstrap.zip")
    report.say(f"functions: {len(bins)} Lambda binaries (backend/Cargo.toml) <-> {len(functions)} Terraform "
               f"functions <-> {len(built)} built by build-lambdas.sh; kinds agree "
               f"({sum(1 for k in kinds.values() if k == 'http')} http, {sum(1 for k in kinds.values() if k == 'event')} event)")
    return {"bins": bins, "functions": functions, "kinds": kinds}


def check_routes(root: Path, tf_dir: Path, parsed: dict[Path, dict], found: dict, report: Report) -> dict:
    by_resource, common, everything = route_modules_by_resource(root)
    if not by_resource or not everything:
        report.fail("backend/src/app.rs: could not read RouteGroup::routes or RouteGroup::ALL")
        return {}
    routes_of_module = {}
    for mods in list(by_resource.values()) + [common]:
        for mod in mods:
            if mod not in routes_of_module:
                routes_of_module[mod] = module_routes(root, mod)
    # The parser against the document a Rust test proves equal to the routers.
    from_code = {}
    for resource in everything:
        for mod in by_resource.get(resource, []) + common:
            from_code.update(routes_of_module[mod])
    document = json.loads(read(root / "docs/openapi.json"))
    from_doc = {f"{method.upper()} {path}": bool(op.get("security"))
                for path, ops in document["paths"].items() for method, op in ops.items()}
    report.compare("routes", "backend/src/routes (parsed)", set(from_code), "docs/openapi.json", set(from_doc))
    for key in set(from_code) & set(from_doc):
        if from_code[key] != from_doc[key]:
            report.fail(f"route {key}: security differs between the handler and docs/openapi.json")

    # Which resources each Lambda main serves.
    served_by = {}
    for name, path in found["bins"].items():
        if found["kinds"].get(name) != "http":
            continue
        for resource in re.findall(r"RouteGroup::(\w+)", read(path)):
            served_by.setdefault(resource, []).append(name)
    unserved = set(everything) - set(served_by)
    report.compare("resources served by no Lambda", "the code", unserved, "the expected embedded-only set",
                   set(EMBEDDED_ONLY))
    expected = {}
    for resource, names in served_by.items():
        if resource not in by_resource:
            report.fail(f"a Lambda main serves RouteGroup::{resource}, which app.rs does not define")
            continue
        if len(names) > 1:
            report.fail(f"RouteGroup::{resource} is served by several functions: {names}")
        for mod in by_resource[resource]:
            for key, secured in routes_of_module[mod].items():
                expected[key] = {"function": names[0], "auth": "jwt" if secured else "none"}
    terraform = locals_of([parsed[tf_dir / "modules/functions/main.tf"]]).get("routes", {})
    report.compare("API routes", "the Lambda routers", set(expected), "API Gateway (modules/functions)", set(terraform))
    for key in set(expected) & set(terraform):
        for field in ("function", "auth"):
            if expected[key][field] != terraform[key].get(field):
                report.fail(f"route {key}: {field} is {terraform[key].get(field)} in Terraform, "
                            f"{expected[key][field]} in the code")
    # What every function serves besides its resources: the document, published whole from S3.
    common_routes = {k for mod in common for k in routes_of_module[mod]}
    s3cf = parsed[tf_dir / "modules/s3-cloudfront/main.tf"]
    objects = {body.get("key") for body in resources(s3cf, "aws_s3_object").values()}
    behaviours = [b.get("path_pattern") for b in resources(s3cf, "aws_cloudfront_distribution")
                  .get("this", {}).get("ordered_cache_behavior", [])]
    for key in sorted(common_routes):
        path = key.split(" ", 1)[1]
        if path.lstrip("/") not in objects or path not in behaviours:
            report.fail(f"{key} is served by every function but is neither an S3 object nor a CloudFront behaviour")
    for key in sorted(k for mod in by_resource.get("Auth", []) for k in routes_of_module[mod]):
        if key == "GET /config.json" and "config.json" not in objects:
            report.fail("GET /config.json: modules/s3-cloudfront writes no config.json")
    # The API module turns every row into a route with the right authorization.
    api = parsed[tf_dir / "modules/api-gateway/main.tf"]
    routes_res = resources(api, "aws_apigatewayv2_route")
    if routes_res.get("protected", {}).get("authorization_type") != "JWT" or \
            routes_res.get("public", {}).get("authorization_type") != "NONE":
        report.fail("modules/api-gateway: routes are not split into JWT (protected) and NONE (public)")
    if platform_calls(tf_dir, parsed).get("api_gateway", {}).get("routes") != "${module.functions.routes}":
        report.fail(f"{PLATFORM}: module api_gateway does not take module.functions.routes")
    jwt = sum(1 for r in terraform.values() if r.get("auth") == "jwt")
    report.say(f"routes: {len(expected)} served by the {len({r['function'] for r in expected.values()})} HTTP "
               f"functions <-> {len(terraform)} API Gateway routes ({jwt} JWT, {len(terraform) - jwt} public); "
               f"parser agrees with docs/openapi.json ({len(from_doc)} operations)")
    report.say(f"not in API Gateway: {', '.join(sorted(EMBEDDED_ONLY))} ({'; '.join(EMBEDDED_ONLY.values())}); "
               f"{', '.join(sorted(common_routes))} (every function's own subset; the whole document is an S3 object)")
    return {"served_by": served_by, "by_resource": by_resource}


def dynamodb_adapter(root: Path) -> str:
    """The DynamoDB adapter's source, every file of it (calls, schema, expressions)."""
    folder = root / "shared-lib/src/store/dynamodb"
    return "\n".join(read(path) for path in sorted(folder.glob("*.rs")))


def check_table(root: Path, tf_dir: Path, parsed: dict[Path, dict], report: Report) -> None:
    item = read(root / "shared-lib/src/store/item.rs")
    consts = dict(re.findall(r'pub const (\w+): &str = "([^"]+)";', item))
    names = dict(re.findall(r'Self::(\w+) => Some\("([^"]+)"\)', fn_body(item, "name")))
    key_names = {idx: (consts.get(pk), consts.get(sk)) for idx, pk, sk in
                 re.findall(r"Self::(\w+) => \((\w+), (\w+)\)", fn_body(item, "key_names"))}
    adapter = dynamodb_adapter(root)
    create = fn_body(adapter, "create_table")
    table_key = {kind: re.search(rf"\.key_schema\(key\((\w+), KeyType::{kind}\)", create) for kind in ("Hash", "Range")}
    code = {
        "hash": consts.get(table_key["Hash"].group(1)) if table_key["Hash"] else None,
        "range": consts.get(table_key["Range"].group(1)) if table_key["Range"] else None,
        "billing": "PAY_PER_REQUEST" if "BillingMode::PayPerRequest" in create else "?",
        "projection": "ALL" if "ProjectionType::All" in create else "?",
        "type": "S" if "ScalarAttributeType::S" in create else "?",
        "ttl": consts.get("EXPIRES_AT") if "attribute_name(EXPIRES_AT)" in fn_body(adapter, "enable_ttl") else None,
        "indexes": {names[idx]: key_names[idx] for idx in names if idx in key_names},
    }
    table = resources(parsed[tf_dir / "modules/dynamodb/main.tf"], "aws_dynamodb_table").get("this", {})
    ttl = (table.get("ttl") or [{}])[0]
    tf = {
        "hash": table.get("hash_key"),
        "range": table.get("range_key"),
        "billing": table.get("billing_mode"),
        "ttl": ttl.get("attribute_name") if ttl.get("enabled") is True else None,
        "indexes": {g["name"]: (g.get("hash_key"), g.get("range_key")) for g in table.get("global_secondary_index", [])},
    }
    for field in ("hash", "range", "billing", "ttl"):
        if code[field] != tf[field]:
            report.fail(f"table {field}: {code[field]} in the adapter, {tf[field]} in modules/dynamodb")
    report.compare("table indexes", "the adapter", {f"{k} {v}" for k, v in code["indexes"].items()},
                   "modules/dynamodb", {f"{k} {v}" for k, v in tf["indexes"].items()})
    for g in table.get("global_secondary_index", []):
        if g.get("projection_type") != code["projection"]:
            report.fail(f"index {g['name']}: projection {g.get('projection_type')}, the adapter uses {code['projection']}")
    attributes = {a["name"]: a["type"] for a in table.get("attribute", [])}
    key_attributes = {code["hash"], code["range"]} | {n for pair in code["indexes"].values() for n in pair}
    report.compare("table attributes", "the adapter's keys", key_attributes, "modules/dynamodb", set(attributes))
    for name, kind in attributes.items():
        if kind != code["type"]:
            report.fail(f"attribute {name}: type {kind}, the adapter defines {code['type']}")
    if not (table.get("point_in_time_recovery") or [{}])[0].get("enabled") is True:
        report.fail("modules/dynamodb: point-in-time recovery is not enabled")
    if not (table.get("server_side_encryption") or [{}])[0].get("enabled") is True:
        report.fail("modules/dynamodb: server-side encryption is not enabled")
    indexes = ", ".join(f"{k} ({a}/{b})" for k, (a, b) in sorted(code["indexes"].items()))
    report.say(f"table: keys {code['hash']}/{code['range']}, {indexes}, projection {code['projection']}, "
               f"TTL {code['ttl']}, {code['billing']} (shared-lib/src/store) <-> modules/dynamodb")


def check_environment_and_permissions(root: Path, tf_dir: Path, parsed: dict[Path, dict], found: dict,
                                      routes: dict, report: Report) -> None:
    def reads(source: str, fn: str) -> set[str]:
        body = fn_body(source, fn)
        return set(re.findall(r'(?:required|optional|std::env::var)\("([A-Z0-9_]+)"\)', body))

    lambda_rs = read(root / "backend/src/lambda.rs")
    notifications_rs = read(root / "backend/src/notifications.rs")
    http_reads = reads(lambda_rs, "from_env")
    event_reads = reads(notifications_rs, "from_env")
    log_var = {"RUST_LOG"} if "EnvFilter::from_default_env" in lambda_rs else set()
    lam = locals_of([parsed[tf_dir / "modules/lambda/main.tf"]])
    http_tf = set(lam.get("http_environment", {}))
    event_tf = set(lam.get("event_environment", {}))
    report.compare("HTTP function environment", "backend/src/lambda.rs", (http_reads | log_var) - set(NOT_FROM_TERRAFORM),
                   "modules/lambda", http_tf)
    report.compare("event function environment", "backend/src/notifications.rs",
                   (event_reads | log_var) - set(NOT_FROM_TERRAFORM), "modules/lambda", event_tf)
    for name in sorted(set(NOT_FROM_TERRAFORM) & (http_tf | event_tf)):
        report.fail(f"modules/lambda sets {name}, which is {NOT_FROM_TERRAFORM[name]}")

    functions = found["functions"]
    served_by = routes.get("served_by", {})
    by_resource = routes.get("by_resource", {})

    def functions_calling(pattern: str) -> set[str]:
        hits = set()
        for resource, names in served_by.items():
            for mod in by_resource.get(resource, []):
                if re.search(pattern, read(root / f"backend/src/routes/{mod}.rs")):
                    hits |= set(names)
        return hits

    # Routes create accounts through the accounts workflow: its methods that reach
    # `identity.create_account`, directly or through one another.
    accounts_rs = read(root / "shared-lib/src/accounts.rs")
    bodies = dict(re.findall(r"pub async fn (\w+)(.*?)(?=\n    pub (?:async )?fn |\Z)", accounts_rs, re.S))
    creating = {m for m, body in bodies.items() if re.search(r"\.identity\s*\.\s*create_account\s*\(", body)}
    while grown := {m for m, body in bodies.items() if m not in creating
                    and re.search(rf"self\.({'|'.join(creating)})\s*\(", body)}:
        creating |= grown
    creators = functions_calling(r"\.identity\s*\.\s*create_account\s*\("
                                 + (rf"|\.accounts\s*\.\s*({'|'.join(sorted(creating))})\s*\(" if creating else ""))
    mailers = {n for n, k in found["kinds"].items() if k == "event"} if "SesMailer::new" in notifications_rs else set()
    texters = {n for n, k in found["kinds"].items() if k == "event"} if "SnsTexter::new" in notifications_rs else set()
    for flag, derived, what in (("cognito_admin", creators, "create accounts (identity.create_account)"),
                                ("sends_email", mailers, "send mail through SesMailer"),
                                ("sends_texts", texters, "send texts through SnsTexter")):
        report.compare(f"functions that {what}", "the code", derived, f"modules/functions ({flag})",
                       {n for n, f in functions.items() if f.get(flag) is True})
    adapter = dynamodb_adapter(root)
    allowed = set().union(*(iam for sdk, iam in SDK_TO_IAM.items() if re.search(rf"\.{sdk}\(\)", adapter)))
    for name, f in functions.items():
        for action in f.get("dynamodb", []):
            if action not in allowed:
                report.fail(f"function {name}: dynamodb:{action} is not a call the adapter makes")
        for index in f.get("indexes", []):
            if index not in {"GSI1", "GSI2"}:
                report.fail(f"function {name}: no index {index}")
    # send-notification's handler: the store calls Notifier::handle makes (the tenant lookup
    # and the sent-message record that makes a redelivery send nothing) need these actions.
    store_to_iam = {"get": "GetItem", "put": "PutItem", "delete": "DeleteItem", "update": "UpdateItem",
                    "query": "Query"}
    # Its own store calls and those of the notifier's methods it calls, at any depth.
    notifier_rs = read(root / "shared-lib/src/notification/mod.rs")
    handle = fn_body(notifier_rs, "handle")
    bodies, seen = [handle], {"handle"}
    while bodies:
        for method in re.findall(r"\bself\s*\.\s*(\w+)\s*\(", bodies.pop()):
            body = fn_body(notifier_rs, method)
            if method not in seen and body:
                seen.add(method)
                bodies.append(body)
    calls = "\n".join(fn_body(notifier_rs, m) for m in seen)
    handle_needs = {store_to_iam[c] for c in re.findall(r"\bstore(?:\(\))?\s*\.\s*(\w+)\s*\(", calls)
                    if c in store_to_iam}
    senders = [n for n, path in found["bins"].items() if re.search(r"notifications::run_send_notification\(", read(path))]
    if not handle or not handle_needs or len(senders) != 1:
        report.fail("could not read the store calls of Notifier::handle or find the send-notification main")
    for name in senders:
        for action in sorted(handle_needs - set(functions.get(name, {}).get("dynamodb", []))):
            report.fail(f"function {name}: Notifier::handle needs dynamodb:{action}, modules/functions does not grant it")
    # Message links (DESIGN §11): the functions whose routes act on them verify with the KMS
    # key, the event functions whose notifier signs them sign; nothing else touches the key.
    verifiers = functions_calling(r"\.links\s*\.\s*as_ref\(\)|LinkDesk\b")
    signers = ({n for n, k in found["kinds"].items() if k == "event"}
               if re.search(r"KmsSigner::new", fn_body(notifications_rs, "connect")) else set())
    if not verifiers or not signers or "KmsSigner::new" not in fn_body(lambda_rs, "aws_app"):
        report.fail("could not find the link routes' functions, the signing notifier, or the HTTP state's KMS signer")
    for flag, derived, what in (("verifies_links", verifiers, "verify message links (kms:VerifyMac)"),
                                ("signs_links", signers, "sign message links (kms:GenerateMac)")):
        report.compare(f"functions that {what}", "the code", derived, f"modules/functions ({flag})",
                       {n for n, f in functions.items() if f.get(flag) is True})
    kms = parsed[tf_dir / "modules/kms/main.tf"]
    link_key = resources(kms, "aws_kms_key").get("links", {})
    if (link_key.get("key_usage"), link_key.get("customer_master_key_spec")) != ("GENERATE_VERIFY_MAC", "HMAC_256"):
        report.fail("modules/kms: aws_kms_key.links is not an HMAC_256 GENERATE_VERIFY_MAC key (the KmsSigner's HmacSha256)")
    calls = platform_calls(tf_dir, parsed)
    if calls.get("kms", {}).get("link_key") is not True or any(
            calls.get(m, {}).get("link_key_arn") != "${module.kms.link_key_arn}" for m in ("iam", "lambda")):
        report.fail(f"{PLATFORM}: the link key is not made by module kms and given to iam and lambda")
    # The IAM module builds each statement from these flags.
    iam = read(tf_dir / "modules/iam/main.tf")
    for flag, action in (("signs_links", "kms:GenerateMac"), ("verifies_links", "kms:VerifyMac")):
        if not re.search(rf"!f\.{flag} \? \[\] : \[[^\]]*?{re.escape(action)}\"\]\s*Resource\s*=\s*\[var\.link_key_arn\]",
                         iam, re.S):
            report.fail(f"modules/iam: {action} is not granted on the link key alone by the {flag} flag")
    for flag, action in (("cognito_admin", "cognito-idp:AdminCreateUser"), ("sends_email", "ses:SendRawEmail"),
                         ("sends_texts", "sns:Publish")):
        if not re.search(rf"!f\.{flag} \? \[\] : \[[^\]]*?{re.escape(action)}", iam, re.S):
            report.fail(f"modules/iam: {action} is not granted by the {flag} flag")
    http_code = (http_reads | log_var) - set(NOT_FROM_TERRAFORM)
    event_code = (event_reads | log_var) - set(NOT_FROM_TERRAFORM)
    report.say(f"environment: HTTP functions {len(http_code)} variables read by lambda.rs <-> {len(http_tf)} set "
               f"({', '.join(sorted(http_tf))}); event functions {len(event_code)} read by notifications.rs <-> "
               f"{len(event_tf)} set ({', '.join(sorted(event_tf))}); never set: {', '.join(sorted(NOT_FROM_TERRAFORM))}")
    iam_text = strip_hcl_comments(iam) + strip_hcl_comments(read(tf_dir / "modules/lambda/main.tf"))
    for stale in ("events:PutEvents", "publishes_events", "TURNAKI_EVENT_BUS"):
        if stale in iam_text or any(stale in f for f in functions.values()):
            report.fail(f"modules/iam, modules/lambda or modules/functions still mention {stale}: "
                        f"no function publishes booking events (the table's stream does)")
    report.say(f"permissions: Cognito admin {sorted(creators)}, SES {sorted(mailers)}, SNS {sorted(texters)}, "
               f"PutEvents none; "
               f"link key: VerifyMac {sorted(verifiers)}, GenerateMac {sorted(signers)}; "
               f"DynamoDB actions within the adapter's calls {sorted(allowed)}; "
               f"{', '.join(senders)} has {sorted(handle_needs)} for Notifier::handle")


def hcl_value(expression: str, names: dict[str, object]) -> object:
    """The value of a jsonencode(...) argument as python-hcl2 serialises it ("${jsonencode({a =
    [local.b]})}"), with local./var. names replaced by their values; None if unreadable."""
    m = re.fullmatch(r"\$\{jsonencode\((.*)\)\}", expression or "", re.S)
    if not m:
        return None
    text = m.group(1)
    for name, value in names.items():
        text = re.sub(rf"\b{re.escape(name)}\b", lambda _: json.dumps(value), text)
    text = re.sub(r'(?<![\w"])([A-Za-z_][\w-]*)\s*=', r'"\1":', text)
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return None


def check_event_delivery(root: Path, tf_dir: Path, parsed: dict[Path, dict], report: Report) -> None:
    """Booking events: written in the change's transaction as pending-event items, carried by
    the table's stream and a pipe to the bus, whose rule invokes send-notification."""
    keys_rs = read(root / "shared-lib/src/keys.rs")
    prefix = re.search(r'pub const PENDING_EVENT_PREFIX: &str = "([^"]+)";', keys_rs)
    prefix = prefix.group(1) if prefix else None
    if not prefix:
        report.fail("shared-lib/src/keys.rs: no PENDING_EVENT_PREFIX")
    dynamodb = parsed[tf_dir / "modules/dynamodb/main.tf"]
    table = resources(dynamodb, "aws_dynamodb_table").get("this", {})
    view = table.get("stream_view_type")
    notifications_rs = read(root / "backend/src/notifications.rs")
    if table.get("stream_enabled") is not True or view not in {"NEW_IMAGE", "NEW_AND_OLD_IMAGES"}:
        report.fail(f"modules/dynamodb: the table streams no new images (stream_enabled "
                    f"{table.get('stream_enabled')}, stream_view_type {view})")
    if 'rename = "NewImage"' not in notifications_rs:
        report.fail("backend/src/notifications.rs: StreamRecord no longer reads NewImage; recheck the stream view type")
    eb_path = tf_dir / "modules/eventbridge/main.tf"
    eb = parsed[eb_path]
    eb_locals = locals_of([eb])
    eb_vars = variables_of([parsed[tf_dir / "modules/eventbridge/variables.tf"]])
    names = {f"local.{k}": v for k, v in eb_locals.items() if isinstance(v, str) and "${" not in v}
    names |= {f"var.{k}": b["default"] for k, b in eb_vars.items() if isinstance(b.get("default"), str)}
    pipes = resources(eb, "aws_pipes_pipe")
    if len(pipes) != 1:
        report.fail(f"modules/eventbridge: {len(pipes)} pipes, not one from the table's stream to the bus")
        return
    pipe_name, pipe = next(iter(pipes.items()))
    where = f"modules/eventbridge aws_pipes_pipe.{pipe_name}"
    if pipe.get("source") != "${var.table_stream_arn}":
        report.fail(f"{where}: its source is {pipe.get('source')}, not var.table_stream_arn")
    if pipe.get("target") != "${aws_cloudwatch_event_bus.this.arn}":
        report.fail(f"{where}: its target is {pipe.get('target')}, not the platform bus")
    if platform_calls(tf_dir, parsed).get("eventbridge", {}).get("table_stream_arn") != "${module.dynamodb.stream_arn}":
        report.fail(f"{PLATFORM}: module eventbridge does not take module.dynamodb.stream_arn")
    source = (pipe.get("source_parameters") or [{}])[0]
    stream = (source.get("dynamodb_stream_parameters") or [{}])[0]
    if not (stream.get("dead_letter_config") or [{}])[0].get("arn"):
        report.fail(f"{where}: no dead-letter queue for the batches it cannot deliver")
    if stream.get("starting_position") != "TRIM_HORIZON":
        report.fail(f"{where}: starts at {stream.get('starting_position')}, not TRIM_HORIZON (the oldest record kept)")
    filters = [f.get("pattern") for c in source.get("filter_criteria", []) for f in c.get("filter", [])]
    want = {"eventName": ["INSERT"], "dynamodb": {"Keys": {table.get("hash_key", "PK"): {"S": [{"prefix": prefix}]}}}}
    got = [hcl_value(f, names) for f in filters]
    if got != [want]:
        report.fail(f"{where}: its filter is {got}, not {[want]} (inserted items whose "
                    f"{table.get('hash_key')} starts with PENDING_EVENT_PREFIX)")
    target = (pipe.get("target_parameters") or [{}])[0]
    bus = (target.get("eventbridge_event_bus_parameters") or [{}])[0]
    if "input_template" in target:
        report.fail(f"{where}: an input_template; send-notification reads the stream record unchanged as the detail")
    rule = resources(eb, "aws_cloudwatch_event_rule").get("booking_changes", {})
    rule_pattern = hcl_value(rule.get("event_pattern"), names)
    pipe_source = names.get(bus.get("source", "").removeprefix("${").removesuffix("}"), bus.get("source"))
    if not pipe_source or rule_pattern != {"source": [pipe_source]}:
        report.fail(f"modules/eventbridge: the booking_changes rule ({rule_pattern}) does not match the pipe's "
                    f"source {pipe_source}")
    # The envelope the AWS story hands send-notification is the one this pipe makes.
    story_path = root / "backend/tests/api/aws_notifications.rs"
    story = read(story_path) if story_path.is_file() else ""
    envelope = re.search(r'"detail-type":\s*"([^"]+)",\s*"source":\s*"([^"]+)"', story)
    story_view = re.search(r'"StreamViewType":\s*"([^"]+)"', story)
    detail_type = names.get(bus.get("detail_type", "").removeprefix("${").removesuffix("}"), bus.get("detail_type"))
    if not envelope or (envelope.group(1), envelope.group(2)) != (detail_type, pipe_source):
        report.fail(f"{where}: puts detail-type {detail_type}, source {pipe_source}; the envelope of "
                    f"backend/tests/api/aws_notifications.rs is {envelope.groups() if envelope else 'not found'}")
    if not story_view or story_view.group(1) != view:
        report.fail(f"modules/dynamodb: stream view {view}; backend/tests/api/aws_notifications.rs has "
                    f"{story_view.group(1) if story_view else 'none'}")
    report.say(f"events: pending-event items ({prefix}, shared-lib/src/keys.rs) -> table stream ({view}) -> "
               f"pipe {pipe_name} (INSERT, PK prefix {prefix}, record unchanged as detail, source {pipe_source}, "
               f"detail-type {detail_type}, as in backend/tests/api/aws_notifications.rs) "
               f"-> bus -> rule booking_changes -> send-notification")


def check_waivers(tf_dir: Path, report: Report) -> None:
    waivers = []
    for path in sorted(tf_dir.rglob("*.tf")):
        resource = None
        for number, line in enumerate(read(path).splitlines(), 1):
            m = re.match(r'\s*resource\s+"([\w-]+)"\s+"([\w-]+)"', line)
            if m:
                resource = f"{m.group(1)}.{m.group(2)}"
            if "checkov:skip" in line:
                w = re.search(r"#\s*checkov:skip=(CKV2?_AWS_\d+):(.*)$", line)
                if not w or len(w.group(2).strip()) < 20:
                    report.fail(f"{path.relative_to(tf_dir)}:{number}: a waiver needs a check id and a one-line reason")
                    continue
                waivers.append((w.group(1), f"{path.relative_to(tf_dir).parent}/{resource}", w.group(2).strip()))
    report.say(f"waivers: {len(waivers)} inline checkov waivers, each with its reason:")
    for check, where, reason in waivers:
        print(f"    {check:<12} {where}: {reason}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[2])
    args = parser.parse_args()
    root = args.root.resolve()
    tf_dir = root / "terraform"
    report = Report()

    parsed = parse_all(tf_dir, report)
    print(f"  parsed: {len(parsed)} files ({sum(1 for p in parsed if p.suffix == '.tf')} .tf, "
          f"{sum(1 for p in parsed if p.suffix == '.tfvars')} .tfvars) with python-hcl2")
    if report.errors:
        for e in report.errors:
            print(f"FAIL {e}", file=sys.stderr)
        return 1
    check_wiring(tf_dir, parsed, report)
    found = check_functions(root, tf_dir, parsed, report)
    routes = check_routes(root, tf_dir, parsed, found, report)
    check_table(root, tf_dir, parsed, report)
    check_environment_and_permissions(root, tf_dir, parsed, found, routes, report)
    check_event_delivery(root, tf_dir, parsed, report)
    check_waivers(tf_dir, report)
    if report.errors:
        print(f"{len(report.errors)} infrastructure check(s) failed:", file=sys.stderr)
        for e in report.errors:
            print(f"FAIL {e}", file=sys.stderr)
        return 1
    print("  infrastructure matches the code")
    return 0


if __name__ == "__main__":
    sys.exit(main())
