#!/usr/bin/env bash
# Collects a folder of real photographs (and some artwork) from Debian packages, for
# `reportonce eval --images DIR`. Uses apt-get download + dpkg -x (nothing is installed; root not
# needed beyond apt's cache), keeps one file per picture (the plasma wallpapers ship each at many
# resolutions: the largest is kept), and skips calibration series and masks.
#   usage: eval/scripts/debian-photos.sh [DEST]   (default /tmp/reportonce-photos)
set -euo pipefail
dest="${1:-/tmp/reportonce-photos}"
cache="${REPORTONCE_DEB_CACHE:-/tmp/reportonce-debs}"
packages=(ukui-wallpapers lomiri-wallpapers lomiri-wallpapers-16.04 lomiri-wallpapers-20.04 mate-backgrounds
          gnome-backgrounds plasma-workspace-wallpapers opencv-doc python3-skimage)
mkdir -p "$cache" "$dest"
cd "$cache"
for p in "${packages[@]}"; do
  if ! ls "$cache"/${p}_*.deb >/dev/null 2>&1; then apt-get download "$p" >/dev/null; fi
  [ -d "x/$p" ] || { mkdir -p "x/$p"; dpkg -x "$cache"/${p}_*.deb "x/$p"; }
done
pics() { find "$1" -type f \( -iname '*.jpg' -o -iname '*.jpeg' -o -iname '*.png' -o -iname '*.webp' \) "${@:2}"; }
n=0
copy() { local src="$1" name="$2"; cp "$src" "$dest/$name"; n=$((n+1)); }
for p in ukui-wallpapers lomiri-wallpapers lomiri-wallpapers-16.04 lomiri-wallpapers-20.04 mate-backgrounds gnome-backgrounds; do
  while IFS= read -r f; do copy "$f" "$p--$(basename "$f")"; done < <(pics "x/$p" ! -name "Elephants_*")
done
# plasma: usr/share/wallpapers/NAME/contents/images/WxH.ext -> the largest file of each NAME
for d in x/plasma-workspace-wallpapers/usr/share/wallpapers/*/; do
  name="$(basename "$d")"
  f="$(pics "$d" -printf '%s %p\n' | sort -n | tail -1 | cut -d' ' -f2-)"
  [ -n "$f" ] && copy "$f" "plasma--$name.${f##*.}"
done
# opencv sample data and scikit-image data: photographs and classic test images, minus
# calibration/stereo series, masks and diagrams
while IFS= read -r f; do
  b="$(basename "$f")"
  case "$b" in left*|right*|aloeR*|basketball2*|rubberwhale2*|Blender_Suzanne2*|graf3*|aero3*|leuvenB*|*chessboard*|*mask*|*Mask*|*trimap*|*_result*|*logo*|*gradient*|*pic[0-9]*|*sudoku*|*imageText*|*.svg) continue;; esac
  copy "$f" "opencv--$b"
done < <(pics x/opencv-doc/usr/share/doc/opencv-doc/examples/data; pics x/opencv-doc/usr/share/doc/opencv-doc/examples/text -iname 'scenetext0*')
while IFS= read -r f; do
  b="$(basename "$f")"
  case "$b" in *checker*|motorcycle_right*|*palette*|foo*|logo*|*chessboard*|truncated*|phantom*|horse*|bw_text*|text.png|block*) continue;; esac
  copy "$f" "skimage--$b"
done < <(pics x/python3-skimage/usr/lib/python3/dist-packages/skimage/data -maxdepth 1)
echo "$n pictures in $dest" >&2
