"""The command line in Chinese: Click's own messages, and the month and date options.

Click writes its messages ("Usage:", "Missing option", "Directory … does not exist") through
gettext; there is no Chinese catalogue, so `install()` gives its modules a translating
`_`/`ngettext` that looks the message up here and leaves any other (a newer Click's) as is.
Call it before any click.Path is made (the type names its kind when it is created).
"""
from __future__ import annotations

import re
from datetime import date

import click

MESSAGES = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "参数",
    "Show this message and exit.": "显示本说明并退出。",
    "Show the version and exit.": "显示版本号并退出。",
    "%(prog)s, version %(version)s": "%(prog)s 版本 %(version)s",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "输入“{command} {option}”查看用法说明。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing command.": "缺少命令。",
    "No such command {name!r}.": "没有“{name}”这个命令。",
    "No such option {name!r}.": "没有“{name}”这个选项。",
    "No such option: {name}": "没有“{name}”这个选项。",
    "Option {name!r} does not take a value.": "选项“{name}”后面不用写值。",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值不对：{message}",
    "Invalid value: {message}": "值不对：{message}",
    "Aborted!": "已中止。",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    "{name} {filename!r} does not exist.": "{name}“{filename}”不存在。",
    "{name} {filename!r} is a directory.": "“{filename}”是文件夹，这里要的是文件。",
    "{name} {filename!r} is a file.": "“{filename}”是文件，这里要的是文件夹。",
    "{name} {filename!r} is not readable.": "{name}“{filename}”无法读取（没有权限？）。",
    "{name} {filename!r} is not writable.": "{name}“{filename}”无法写入（没有权限？）。",
    "{value!r} is not a valid {number_type}.": "“{value}”不是有效的{number_type}。",
    "integer": "整数",
    "float": "数字",
    "{value} is not in the range {range}.": "{value} 不在 {range} 范围内。",
    "Could not open file {filename!r}: {message}": "无法打开文件“{filename}”：{message}",
    "default: {default}": "默认：{default}",
    "Did you mean {possibility}?": "是不是要写 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是不是要写其中之一：{possibilities}？）",
    "Got unexpected extra argument ({args})": "多了参数（{args}）",
    "Got unexpected extra arguments ({args})": "多了参数（{args}）",
    "Option {name!r} requires an argument.": "选项“{name}”后面要写一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项“{name}”后面要写 {nargs} 个值。",
    "{value!r} does not match the format {format}.": "“{value}”不是 {format} 格式。",
    "{value!r} does not match the formats {formats}.": "“{value}”不是 {formats} 中的任何一种格式。",
    "{value!r} is not {choice}.": "“{value}”不是 {choice}。",
    "{value!r} is not one of {choices}.": "“{value}”不是 {choices} 之一。",
}
_MODULES = ("core", "exceptions", "types", "parser", "decorators", "formatting", "termui", "utils")


def translate(message: str) -> str:
    return MESSAGES.get(message, message)


def ntranslate(singular: str, plural: str, n: int) -> str:
    return translate(singular if n == 1 else plural)


def install() -> None:
    """Make Click speak Chinese (its modules look `_` and `ngettext` up at call time)."""
    import importlib

    for name in _MODULES:
        try:
            module = importlib.import_module(f"click.{name}")
        except ImportError:
            continue
        if hasattr(module, "_"):
            module._ = translate
        if hasattr(module, "ngettext"):
            module.ngettext = ntranslate


_PERIOD = re.compile(r"(\d{4})\s*(?:[-./_年]\s*(\d{1,2})\s*月?|(\d{2}))")
_DATE = re.compile(r"(\d{4})\s*[-./_年]\s*(\d{1,2})\s*[-./_月]\s*(\d{1,2})\s*日?|(\d{4})(\d{2})(\d{2})")


class Period(click.ParamType):
    """A month: 2020-08, 2020-8, 202008, 2020年8月, 2020.8 all give "2020-08"; the command
    says which month it took when the text was not already written that way."""

    name = "报告期"

    def convert(self, value, param, ctx):
        text = str(value).strip()
        m = _PERIOD.fullmatch(text)
        month = int(m[2] or m[3]) if m else 0
        if not m or not 1 <= month <= 12:
            self.fail(f"“{value}”不是年月。请写成 2020-08（也可写 2020-8、202008、2020年8月）。", param, ctx)
        period = f"{m[1]}-{month:02d}"
        if text != period:
            click.echo(f"报告期按 {int(m[1])}年{month}月（{period}）处理。", err=True)
        return period


class Day(click.ParamType):
    """A date: 2020-08-31, 2020.8.31, 2020/8/31, 2020年8月31日, 20200831."""

    name = "日期"

    def convert(self, value, param, ctx):
        if isinstance(value, date):
            return value
        m = _DATE.fullmatch(str(value).strip())
        try:
            if not m:
                raise ValueError
            y, mo, d = (int(x) for x in (m.groups()[:3] if m[1] else m.groups()[3:]))
            return date(y, mo, d)
        except ValueError:
            self.fail(f"“{value}”不是日期。请写成 2020-08-31（也可写 2020.8.31、2020年8月31日）。", param, ctx)
