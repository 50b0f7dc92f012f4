#!/usr/bin/env bash
# Checks terraform/ offline: no terraform binary or provider can be fetched here, so the
# checks are static. Every .tf parses; the Terraform matches the code (functions, routes,
# table keys, environment variables, permissions, the table-stream-pipe-bus path of booking
# events; scripts/lib/infra_check.py); checkov
# passes with no failed check beyond the inline, reasoned waivers; and, when a terraform (or
# tofu) binary is installed, `fmt -check`, and `validate` when a provider mirror is too.
set -euo pipefail
source "$(dirname "$0")/lib/tools.sh"
cd "$TURNAKI_ROOT"
started=$(date +%s)

# python-hcl2 and checkov in separate venvs: checkov ships a fork under the module name hcl2.
ensure_venv hcl2 'python-hcl2==8.1.4'
ensure_venv checkov 'checkov==3.3.30'

say "terraform: parse and cross-check against the code"
"$TOOLS_DIR/venv-hcl2/bin/python" scripts/lib/infra_check.py --root "$TURNAKI_ROOT"

say "checkov (terraform, offline)"
log="$TOOLS_DIR/checkov.log"
set +e
"$TOOLS_DIR/venv-checkov/bin/checkov" --directory terraform --framework terraform \
  --skip-download --compact --quiet >"$log" 2>&1
status=$?
set -e
# --quiet prints only the summary and the failed checks.
cat "$log"
summary=$(grep -m1 -E '^Passed checks: [0-9]+, Failed checks: [0-9]+, Skipped checks: [0-9]+' "$log" || true)
if [ -z "$summary" ]; then
  echo "checkov printed no summary (exit $status); see above" >&2
  exit 1
fi
if [ "$status" -ne 0 ] || ! grep -q 'Failed checks: 0,' <<<"$summary"; then
  echo "checkov found failed checks: fix them, or waive one inside its resource as" >&2
  echo "  #checkov:skip=CKV_AWS_N:one-line reason" >&2
  exit 1
fi

# The image of these machines may carry a terraform (or tofu) binary and a filesystem mirror
# of the AWS provider; where either is missing, say so and go on: the checks above stand.
tf=$(command -v terraform || command -v tofu || true)
export CHECKPOINT_DISABLE=1  # no version check over the network
# An unreadable CLI configuration only adds warnings to fmt; validate gets its own below.
if [ -n "${TF_CLI_CONFIG_FILE:-}" ] && [ ! -r "$TF_CLI_CONFIG_FILE" ]; then export TF_CLI_CONFIG_FILE=/dev/null; fi

say "terraform fmt"
if [ -n "$tf" ]; then
  "$tf" fmt -check -recursive -diff terraform
  echo "$(basename "$tf") fmt: every file is formatted"
else
  echo "neither terraform nor tofu is installed: formatting not checked"
fi

say "terraform validate (offline, against a local provider mirror)"
mirror=${TURNAKI_TF_PLUGIN_MIRROR:-/opt/tf-plugins}
aws_versions="$mirror/registry.terraform.io/hashicorp/aws"
if [ -n "$tf" ] && [ -d "$aws_versions" ] && [ -n "$(ls -A "$aws_versions")" ]; then
  version=$(ls "$aws_versions" | sort -V | tail -1)
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  cp -r terraform "$work/"
  if [[ "$version" != 6.* ]]; then
    # The configuration asks for ~> 6.0. Against an older mirrored provider, validate a copy
    # pinned to it, with the one v6-only attribute used (data.aws_region's region) read
    # under its v5 name; argument names, types, references and module wiring are checked
    # all the same.
    echo "the mirror has hashicorp/aws $version, not 6.x: validating a copy pinned to $version"
    find "$work/terraform" -name '*.tf' -exec sed -i -E \
      -e "s/(version +)= \"~> 6\.0\"/\1= \"$version\"/" \
      -e 's/(data\.aws_region\.[a-z_]+)\.region\b/\1.name/g' {} +
  fi
  cat >"$work/terraformrc" <<EOF
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["registry.terraform.io/hashicorp/*"]
  }
  direct {
    exclude = ["registry.terraform.io/hashicorp/*"]
  }
}
EOF
  for env_dir in "$work"/terraform/environments/*/; do
    env_name=$(basename "$env_dir")
    if ! (cd "$env_dir" && TF_CLI_CONFIG_FILE="$work/terraformrc" "$tf" init -backend=false -input=false \
        -no-color >"$work/init-$env_name.log" 2>&1); then
      cat "$work/init-$env_name.log" >&2
      exit 1
    fi
    (cd "$env_dir" && TF_CLI_CONFIG_FILE="$work/terraformrc" "$tf" validate -no-color) | sed -e "/^$/d" -e "s/^/$env_name: /"
  done
else
  echo "no terraform binary or no provider mirror at $mirror: validate skipped"
fi

echo "scripts/check-infra.sh took $(( $(date +%s) - started )) s"
