#!/usr/bin/env bash
# Regenerates the emulator's speech clips from sentences.txt.
# Needs espeak-ng, sox and opusenc (opus-tools). Output: <file>.opus, Ogg Opus, 48 kHz mono,
# 20 ms frames, 24 kbit/s. The emulator embeds the .opus files and never runs these tools.
set -euo pipefail
cd "$(dirname "$0")"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
grep -v '^#' sentences.txt | while IFS='|' read -r voice file text; do
  [ -n "$voice" ] || continue
  espeak-ng -v "$voice" -s 165 -w "$tmp/$file.wav" "$text"
  # Trim leading and trailing silence, resample to 48 kHz mono 16-bit; no dither, so the output is repeatable.
  sox -D "$tmp/$file.wav" -r 48000 -c 1 -b 16 "$tmp/$file-48k.wav" \
    silence 1 0.02 0.5% reverse silence 1 0.02 0.5% reverse
  opusenc --quiet --framesize 20 --bitrate 24 --comp 10 --discard-comments --serial 1 \
    "$tmp/$file-48k.wav" "$file.opus"
done
ls -l ./*.opus
