# The one place where tool versions are pinned. Sourced by scripts/setup and scripts/ensure-temporal.
# temporal CLI v1.5.1 is the newest release whose go.mod has no replace directive (go install pkg@version works).
TEMPORAL_CLI_MODULE=github.com/temporalio/cli/cmd/temporal
TEMPORAL_CLI_VERSION=v1.5.1
TCTL_MODULE=github.com/temporalio/tctl/cmd/tctl
TCTL_VERSION=v1.18.4
