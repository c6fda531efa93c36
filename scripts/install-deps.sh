#!/usr/bin/env bash
# Installs the system packages migsync builds and tests against (Debian/Ubuntu).
# As root it installs what is missing; otherwise it names what to install and fails.
set -euo pipefail

packages=(
    pkg-config
    libgit2-dev          # Git: clone, fetch, notes, push (MigsyncGit)
    libcurl4-openssl-dev # Kubernetes API client (KubernetesClient)
    libsqlite3-dev       # emulator store (GRDB)
    curl                 # the demo creates the referenced secrets on the emulator
    git                  # tests serve repositories with `git daemon` and `git http-backend`
    lighttpd             # smart-HTTP Git server in tests
    lighttpd-mod-openssl # the same over HTTPS (private-CA tests)
    openssh-server       # ssh:// Git server in tests (sshd on loopback, key auth, known_hosts checks)
    openssh-client       # ssh-keygen: test keys, SSH-signed commits
    openssl              # the emulator's --tls makes its CA and serving certificate with it
    python3-kubernetes   # benchmark baseline (Python Kubernetes client)
    python3-yaml         # benchmark baseline (PyYAML C loader)
    python3-pip          # installs cel-python (below) when python3 on PATH is Debian's
)

# cel-python: the independent CEL implementation MigsyncPolicyTests compares the policy
# engine's CEL with. Installed for whichever python3 is first on PATH, since that is the one
# the test runs. Idempotent: nothing happens when the pinned version is already there.
celpy_version=0.5.0
install_celpy() {
    python3 -c "import importlib.metadata as m, sys; sys.exit(m.version('cel-python') != '$celpy_version')" \
        2>/dev/null && return 0
    local user=()
    [ "$(id -u)" -ne 0 ] && user=(--user)
    if ! python3 -m pip install --quiet "${user[@]}" "cel-python==$celpy_version" 2>/dev/null; then
        # Debian's python3 refuses pip installs outside a virtual environment (PEP 668) unless told.
        python3 -m pip install --quiet "${user[@]}" --break-system-packages "cel-python==$celpy_version"
    fi
    echo "installed: cel-python $celpy_version"
}

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

# Debian's kubectl (package kubernetes-client). Some images ship another package that owns
# /usr/bin/kubectl, so the Debian binary is unpacked beside it instead of over it.
kubectl_dir=/opt/kubernetes-client
need_kubectl=0
[ -x "$kubectl_dir/usr/bin/kubectl" ] || dpkg-query -W -f='${Status}' kubernetes-client 2>/dev/null | grep -q "install ok installed" || need_kubectl=1

if [ ${#missing[@]} -eq 0 ] && [ $need_kubectl -eq 0 ]; then
    install_celpy
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "migsync needs these Debian packages: ${missing[*]} ${need_kubectl:+kubernetes-client}" >&2
    echo "install them with: sudo apt-get install -y ${missing[*]}" >&2
    [ $need_kubectl -eq 1 ] && echo "and kubernetes-client (kubectl) for the kubectl tests" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
if [ ${#missing[@]} -gt 0 ]; then
    # RUNLEVEL=1 keeps lighttpd's postinst from starting a system-wide server.
    RUNLEVEL=1 apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if [ $need_kubectl -eq 1 ]; then
    if ! RUNLEVEL=1 apt-get install -y -qq kubernetes-client >/dev/null 2>&1; then
        tmp=$(mktemp -d)
        (cd "$tmp" && apt-get download -qq kubernetes-client >/dev/null)
        mkdir -p "$kubectl_dir"
        dpkg-deb -x "$tmp"/kubernetes-client_*.deb "$kubectl_dir"
        rm -rf "$tmp"
        dpkg --configure -a >/dev/null 2>&1 || true
        apt-get -f install -y -qq >/dev/null 2>&1 || true
    fi
fi
echo "installed: ${missing[*]} $([ $need_kubectl -eq 1 ] && echo kubernetes-client)"
install_celpy
