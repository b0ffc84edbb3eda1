#!/bin/sh
# Install the PRM build beside this script for the current user (no root needed):
#   the app        -> ~/.local/opt/prm            (PRM_INSTALL_DIR to choose another)
#   the command    -> ~/.local/bin/prm            (opens the app; `prm --help` for the CLI)
#   the menu entry -> $XDG_DATA_HOME/applications/prm.desktop
#   the icon       -> $XDG_DATA_HOME/icons/hicolor/{256x256,scalable}/apps/prm.{png,svg}
#
#   ./install.sh              install, or replace an installed version
#   ./install.sh --uninstall  remove all of the above; your data stays where it is
#                             (~/.local/share/PRM; delete it yourself if you mean to)
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
DATA_HOME=${XDG_DATA_HOME:-$HOME/.local/share}
TARGET=${PRM_INSTALL_DIR:-$HOME/.local/opt/prm}
BIN_DIR=$HOME/.local/bin
DESKTOP=$DATA_HOME/applications/prm.desktop
ICONS=$DATA_HOME/icons/hicolor

refresh_menus() {
    # Desktops notice new entries by themselves; these only make it immediate.
    command -v update-desktop-database >/dev/null 2>&1 \
        && update-desktop-database -q "$DATA_HOME/applications" 2>/dev/null || true
    command -v gtk-update-icon-cache >/dev/null 2>&1 \
        && gtk-update-icon-cache -q -t "$ICONS" 2>/dev/null || true
}

uninstall() {
    rm -f "$DESKTOP" "$ICONS/256x256/apps/prm.png" "$ICONS/scalable/apps/prm.svg"
    # Only our own link: a `prm` installed some other way (pip) stays.
    if [ -L "$BIN_DIR/prm" ] && [ "$(readlink "$BIN_DIR/prm")" = "$TARGET/PRM" ]; then
        rm -f "$BIN_DIR/prm"
    fi
    rm -rf "$TARGET"
    refresh_menus
    echo "PRM is uninstalled. Your data is still in ${PRM_DATA_DIR:-$DATA_HOME/PRM}."
}

install() {
    APP=$HERE/PRM
    if [ ! -x "$APP/PRM" ]; then
        echo "install.sh: no PRM build next to this script ($APP/PRM)" >&2
        exit 1
    fi
    RES=$APP/_internal/resources
    # Copy beside the old version, then swap: a failed copy leaves the old one working.
    mkdir -p "$(dirname "$TARGET")"
    rm -rf "$TARGET.new"
    cp -R "$APP" "$TARGET.new"
    rm -rf "$TARGET"
    mv "$TARGET.new" "$TARGET"

    mkdir -p "$BIN_DIR" "$DATA_HOME/applications" "$ICONS/256x256/apps" "$ICONS/scalable/apps"
    ln -sfn "$TARGET/PRM" "$BIN_DIR/prm"
    cp "$RES/icons/prm.png" "$ICONS/256x256/apps/prm.png"
    cp "$RES/prm.svg" "$ICONS/scalable/apps/prm.svg"
    # The entry names the installed binary by its full path: ~/.local/bin is not
    # on every desktop session's PATH. The file name (prm.desktop) is the app id
    # PRM announces (QGuiApplication.setDesktopFileName), so docks group its window.
    sed "s|^Exec=.*|Exec=\"$TARGET/PRM\"|; s|^TryExec=.*||" "$RES/prm.desktop" > "$DESKTOP.new"
    mv "$DESKTOP.new" "$DESKTOP"
    refresh_menus
    echo "PRM $("$TARGET/PRM" --version | cut -d' ' -f2) is installed in $TARGET."
    echo "Start it from your desktop's menu (Office > PRM) or with: $BIN_DIR/prm"
}

case "${1:-}" in
    --uninstall) uninstall ;;
    "") install ;;
    -h | --help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//' ;;
    *) echo "install.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
esac
