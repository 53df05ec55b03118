#!/usr/bin/env bash
# The IMAP tests run against a real Dovecot from Debian's packages, started by the tests themselves.
set -euo pipefail
# openssl makes the throwaway server's certificate.
if [ -x /usr/sbin/dovecot ] && [ -x /usr/bin/doveadm ] && command -v openssl >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Dovecot (dovecot-imapd) from Debian's packages for the IMAP tests..." >&2
  apt-get update -qq >&2
  # The package would start a system-wide Dovecot on ports 143/993; the tests start their own.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dovecot-imapd openssl >&2
  exit 0
fi
echo "The IMAP tests need Dovecot: run 'sudo apt-get install -y dovecot-imapd openssl'." >&2
exit 1
