#!/bin/sh
# dist/PRM-<version>-linux-<arch>.tar.gz from the one-folder build in dist/PRM:
#   pyinstaller --noconfirm build_app.spec && sh resources/linux/make_tarball.sh
# Inside, one folder: the app (PRM/), install.sh and a README.txt.
set -eu
cd "$(dirname "$0")/../.."
if [ ! -x dist/PRM/PRM ]; then
    echo "make_tarball.sh: build the app first (pyinstaller --noconfirm build_app.spec)" >&2
    exit 1
fi
VERSION=$(dist/PRM/PRM --version | cut -d' ' -f2)
NAME=PRM-$VERSION-linux-$(uname -m)
STAGE=dist/.tarball
rm -rf "$STAGE" "dist/$NAME.tar.gz"
trap 'rm -rf "$STAGE"' EXIT
mkdir -p "$STAGE/$NAME"
cp -al dist/PRM "$STAGE/$NAME/PRM" 2>/dev/null || cp -R dist/PRM "$STAGE/$NAME/PRM"  # links: no copy
cp resources/linux/install.sh resources/linux/README.txt "$STAGE/$NAME/"
tar -C "$STAGE" -czf "dist/$NAME.tar.gz" --owner=0 --group=0 "$NAME"
echo "dist/$NAME.tar.gz"
