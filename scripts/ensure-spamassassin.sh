#!/usr/bin/env bash
# The spam-check tests run against a real spamd from Debian's packages, started by the tests themselves.
set -euo pipefail
# The rules ship in the spamassassin package (/usr/share/spamassassin); nothing is downloaded (no sa-update).
if [ -x /usr/sbin/spamd ] && [ -f /usr/share/spamassassin/50_scores.cf ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing SpamAssassin (spamassassin, spamd) from Debian's packages for the spam-check tests..." >&2
  # The spamd package would start a system-wide spamd on port 783; the tests start their own. A policy
  # that forbids every service start keeps it down (one already in place, as in containers, is kept).
  policy=/usr/sbin/policy-rc.d
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\n# Left by scripts/ensure-spamassassin.sh while it installs: start no service.\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    trap 'rm -f "$policy"' EXIT
  fi
  # Without recommends: sa-compile would build the rules with a compiler, gnupg is only for sa-update.
  packages=(spamassassin spamd)
  if ! apt-cache show "${packages[@]}" >/dev/null 2>&1; then apt-get update -qq >&2; fi
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >&2; then
    # Package lists older than the mirror: refresh them once and try again.
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >&2
  fi
  # Where gpg is present, the package imports its sa-update key (offline), which leaves a gpg-agent.
  if command -v gpgconf >/dev/null 2>&1; then
    gpgconf --homedir /var/lib/spamassassin/sa-update-keys --kill gpg-agent >/dev/null 2>&1 || true
  fi
  exit 0
fi
echo "The spam-check tests need spamd: run 'sudo apt-get install -y --no-install-recommends spamassassin spamd'." >&2
exit 1
