"""The traps of issue 15 on a built page: what a reader sees, one <ruby> per word."""

import re

TRAPS = """---
title: Traps
date: 2021
language: zh-Hans
---

信息化为中华民族带来了千载难逢的机遇。我们要深入了解网民。

这件衣服很便宜。他在公司做会计。我们要清醒地看到，千军易得，一将难求。

建久安之势、成长治之业。关键核心技术被卡脖子，不能被人牵着鼻子走。

為人民服務，銀行行長。
"""

RUBY = re.compile(r'<ruby class="lx-w" data-py="([^"]*)">(.*?)</ruby>', re.S)


def test_traps_on_a_built_page(project):
    (project.sources / "900-traps.md").write_text(TRAPS, encoding="utf-8")
    result = project.build()
    assert result.returncode == 0, result.stderr
    html = (project.root / "site" / "sources" / "900-traps" / "index.html").read_text(encoding="utf-8")
    words = [(re.sub(r"<rt[^>]*>.*?</rt>|<[^>]+>", "", body), py) for py, body in RUBY.findall(html)]
    read = dict(words)
    assert read["为"] == "wèi"
    assert read["了解"] == "liǎo jiě"
    assert read["便宜"] == "pián yi" and read["衣服"] == "yī fu"
    assert read["会计"] == "kuài jì"
    assert read["地"] == "de"
    assert read["一将难求"] == "yī jiàng nán qiú"
    assert [py for w, py in words if "长" in w] == ["chéng cháng"]  # 成长 in 成长治之业
    assert read["卡脖子"] == "qiǎ bó zi" and read["牵着鼻子"] == "qiān zhe bí zi"  # one jieba word
    assert read["為"] == "wèi" and read["銀行行長"] == "yín háng háng zhǎng"  # traditional, read as simplified
