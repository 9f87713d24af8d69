#!/usr/bin/python3
"""Makes src/TrainingPortal.Web/Certificates/Fonts/NameGlyphs.ttf and NameGlyphs.txt.

WenQuanYi Micro Hei, the certificates' Chinese font, has no glyph for most characters outside the common sets: CJK
Extension A and B, and many of the Hong Kong Supplementary Character Set's. People's names use them, and a
certificate would print a box in the name. NameGlyphs is the part of HanaMinA and HanaMinB (GlyphWiki Project,
Hanazono Font License) that holds what Micro Hei lacks among the characters the bank's regions write names in:

- Hong Kong's and Macao's sources to the ideograph standard (Unihan kIRG_HSource, kIRG_MSource: HKSCS and the
  governments' name characters);
- the mainland's Table of General Standard Chinese Characters (kTGH, which names must now use) and the GB sets;
- Big Five, for staff who came from Taiwan.

NameGlyphs.txt lists the code points the font holds, as hexadecimal ranges: the certificate sets those characters in
it and every other in the font it would have used.

Needs Debian's fonts-hanazono, python3-fonttools and unicode-data:  tools/fonts/name-glyphs.py
"""
import bz2
import io
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

FONTS = Path(__file__).resolve().parents[2] / 'src/TrainingPortal.Web/Certificates/Fonts'
HANAZONO = Path('/usr/share/fonts/truetype/hanazono')
UNIHAN = Path('/usr/share/unicode')
NAME = 'NameGlyphs'


def unihan(file, fields):
    found = set()
    with bz2.open(UNIHAN / file, 'rt', encoding='utf-8') as lines:
        for line in lines:
            if line.startswith('U+'):
                point, field, _ = line.split('\t', 2)
                if field in fields:
                    found.add(int(point[2:], 16))
    return found


def ranges(points):
    points = sorted(points)
    start = previous = points[0]
    for point in points[1:]:
        if point != previous + 1:
            yield start, previous
            start = point
        previous = point
    yield start, previous


def main():
    wanted = unihan('Unihan_IRGSources.txt.bz2', {'kIRG_HSource', 'kIRG_MSource'}) | unihan(
        'Unihan_OtherMappings.txt.bz2', {'kTGH', 'kBigFive', 'kHKSCS', 'kGB0', 'kGB1', 'kGB3', 'kGB5', 'kGB7', 'kGB8'})
    micro_hei = TTFont(FONTS / 'WenQuanYiMicroHei.ttf', lazy=True).getBestCmap()
    lacking = {point for point in wanted if point not in micro_hei}

    parts = []
    for face in ('HanaMinA', 'HanaMinB'):
        source = TTFont(HANAZONO / f'{face}.ttf', lazy=True)
        held = {point for point in lacking if point in source.getBestCmap()}
        lacking -= held
        if held:
            options = subset.Options(hinting=False, layout_features=[], notdef_outline=True, name_IDs=['*'], name_languages=['*'])
            font = TTFont(HANAZONO / f'{face}.ttf')
            subsetter = subset.Subsetter(options)
            subsetter.populate(unicodes=held)
            subsetter.subset(font)
            parts.append(font)

    # Both faces share their design and units per em, so the smaller one's glyphs join the larger one's font.
    font = parts[0]
    if len(parts) > 1:
        from fontTools.merge import Merger
        buffers = []
        for part in parts:
            buffer = io.BytesIO()
            part.save(buffer)
            buffer.seek(0)
            buffers.append(buffer)
        font = Merger().merge(buffers)

    for record in font['name'].names:
        if record.nameID in (1, 4, 16, 21):
            record.string = NAME
        elif record.nameID in (3, 6, 20):
            record.string = NAME + '-Regular'
    font.save(FONTS / f'{NAME}.ttf')

    held = set(font.getBestCmap())
    with open(FONTS / f'{NAME}.txt', 'w', encoding='ascii') as out:
        out.write('# Code points NameGlyphs.ttf holds (made by tools/fonts/name-glyphs.py); one range a line.\n')
        for start, end in ranges(held):
            out.write(f'{start:X}-{end:X}\n' if end != start else f'{start:X}\n')
    print(f'{len(held)} characters, {len(lacking)} wanted that neither face has:', ' '.join(f'U+{p:X}' for p in sorted(lacking)))


if __name__ == '__main__':
    main()
