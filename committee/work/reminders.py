"""The note verbale template (8(b)) as a sandbox: the secretariat writes it in Django's template
syntax, but it may only print a fixed set of plain-text variables through a few text filters.
No tags (no ``{% include %}``, ``{% load %}``, ``{% debug %}``), no attribute lookups, no other
names: whatever the secretariat types, rendering cannot reach anything but the values given."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.template import Context, Engine, TemplateSyntaxError
from django.template.base import Node, TextNode, Variable, VariableNode
from django.template.defaulttags import CommentNode
from django.utils.translation import gettext as _

# What a note may say about its state; the values are always plain strings.
VARIABLES = {
    "state": _("the state's name"),
    "iso3": _("the state's ISO3 code"),
    "date": _("the date of the note"),
    "reference": _("the note's reference"),
    "chair": _("the delegation chairing the Committee"),
}
FILTERS = {"upper", "lower", "title", "capfirst", "default"}

# Only the filters library: a tag of any kind is "invalid block tag" when parsing.
ENGINE = Engine(
    builtins=["django.template.defaultfilters"], libraries={}, loaders=[], autoescape=False
)

# The standard wording, in each of the six languages (by the site's language codes, as the
# template's columns are named), in the form of a note verbale of the United Nations: the Chair
# presents his compliments to the Permanent Representative and has the honour to... ``{{ state }}``
# is the state's formal name as the running text gives it (core.pdf.letter_name): with its article
# in French and Spanish ("de la République du Tchad", "du Japon": the article is joined to the
# preposition before it), in the genitive in Russian (every place the Russian text names the
# state takes that case), after the preposition li- in Arabic ("ل{{ state }}": "لجمهورية تشاد").
DEFAULT_SUBJECTS = {
    "en": "Submission of the first national report under resolution 1540 (2004)",
    "fr": "Présentation du premier rapport national en application de la résolution 1540 (2004)",
    "es": "Presentación del primer informe nacional en virtud de la resolución 1540 (2004)",
    "ru": "Представление первого национального доклада во исполнение резолюции 1540 (2004)",
    "zh-hans": "根据第1540(2004)号决议提交第一次国家报告",
    "ar": "تقديم التقرير الوطني الأول عملا بالقرار 1540 (2004)",
}
DEFAULT_BODIES = {
    "en": """\
The Chair of the Security Council Committee established pursuant to resolution 1540 (2004) \
presents his compliments to the Permanent Representative of {{ state }} to the United Nations \
and has the honour to refer to paragraph 4 of resolution 1540 (2004), by which the Security \
Council called upon all States to present a first report to the Committee on the steps they \
have taken or intend to take to implement the resolution.

The Committee notes that, as at {{ date }}, {{ state }} has not yet submitted its first report. \
In line with paragraph 8 (b) of its programme of work, the Committee encourages {{ state }} to \
submit it at its earliest convenience, and recalls that assistance in preparing the report is \
available on request, including through the Committee's Group of Experts.

The Committee stands ready to meet representatives of {{ state }}, including on the margins of \
the General Assembly, to discuss the report and any assistance needed.

The Chair of the Committee avails himself of this opportunity to renew to the Permanent \
Representative of {{ state }} to the United Nations the assurances of his highest consideration.

Reference: {{ reference }}""",
    "fr": """\
Le Président du Comité du Conseil de sécurité créé par la résolution 1540 (2004) présente ses \
compliments au Représentant permanent de {{ state }} auprès de l'Organisation des Nations Unies \
et a l'honneur de se référer au paragraphe 4 de la résolution 1540 (2004), dans lequel le \
Conseil de sécurité a demandé à tous les États de présenter au Comité un premier rapport sur \
les mesures qu'ils ont prises ou qu'ils envisagent de prendre pour appliquer la résolution.

Le Comité constate qu'au {{ date }}, le premier rapport de {{ state }} ne lui est pas encore \
parvenu. Conformément à l'alinéa b) du paragraphe 8 de son programme de travail, il encourage \
{{ state }} à présenter ce rapport dans les meilleurs délais et rappelle qu'une assistance peut \
être fournie sur demande pour son établissement, notamment par l'intermédiaire du Groupe \
d'experts du Comité.

Le Comité se tient prêt à rencontrer des représentants de {{ state }}, y compris en marge de \
l'Assemblée générale, pour examiner le rapport et toute assistance dont ils auraient besoin.

Le Président du Comité saisit cette occasion pour renouveler au Représentant permanent de \
{{ state }} auprès de l'Organisation des Nations Unies les assurances de sa très haute \
considération.

Référence : {{ reference }}""",
    "es": """\
El Presidente del Comité del Consejo de Seguridad establecido en virtud de la resolución 1540 \
(2004) saluda atentamente al Representante Permanente de {{ state }} ante las Naciones Unidas \
y tiene el honor de referirse al párrafo 4 de la resolución 1540 (2004), en el que el Consejo \
de Seguridad exhortó a todos los Estados a que presentaran al Comité un primer informe sobre \
las medidas que hubieran adoptado o tuvieran previsto adoptar para aplicar la resolución.

El Comité observa que, al {{ date }}, aún no ha recibido el primer informe de {{ state }}. De \
conformidad con el párrafo 8 b) de su programa de trabajo, el Comité alienta a {{ state }} a \
que presente dicho informe a la mayor brevedad posible y recuerda que, previa solicitud, se \
puede prestar asistencia para su preparación, incluso por conducto del Grupo de Expertos del \
Comité.

El Comité está dispuesto a reunirse con representantes de {{ state }}, incluso al margen de la \
Asamblea General, para examinar el informe y cualquier asistencia que se necesite.

El Presidente del Comité aprovecha la oportunidad para reiterar al Representante Permanente de \
{{ state }} ante las Naciones Unidas el testimonio de su más alta consideración.

Referencia: {{ reference }}""",
    "ru": """\
Председатель Комитета Совета Безопасности, учрежденного резолюцией 1540 (2004), \
свидетельствует свое уважение Постоянному представителю {{ state }} при Организации \
Объединенных Наций и имеет честь сослаться на пункт 4 резолюции 1540 (2004), в котором Совет \
Безопасности призвал все государства представить Комитету первый доклад о мерах, которые они \
приняли или намереваются принять для осуществления этой резолюции.

Комитет отмечает, что по состоянию на {{ date }} первый доклад {{ state }} еще не поступил. \
В соответствии с подпунктом (b) пункта 8 своей программы работы Комитет призывает Правительство \
{{ state }} представить доклад в кратчайшие сроки и напоминает, что по запросу может быть \
оказана помощь в его подготовке, в том числе через Группу экспертов Комитета.

Комитет готов встретиться с представителями {{ state }}, в том числе в кулуарах Генеральной \
Ассамблеи, для обсуждения доклада и любой необходимой помощи.

Председатель Комитета пользуется случаем, чтобы возобновить Постоянному представителю \
{{ state }} при Организации Объединенных Наций уверения в своем весьма высоком уважении.

Ссылка: {{ reference }}""",
    "zh-hans": """\
安全理事会关于第1540(2004)号决议所设委员会主席向{{ state }}常驻联合国代表致意，\
并谨提及第1540(2004)号决议第4段。安全理事会在该段中吁请所有国家向委员会提交\
第一次报告，说明为执行该决议已经采取或准备采取的步骤。

委员会注意到，截至{{ date }}，尚未收到{{ state }}的第一次报告。\
根据委员会工作方案第8(b)段，委员会鼓励{{ state }}尽早提交该报告，并谨回顾，\
可应请求为编写报告提供援助，包括通过委员会专家组提供援助。

委员会随时准备与{{ state }}代表会晤，包括在大会期间会晤，讨论该报告以及所需的任何援助。

主席顺此机会向{{ state }}常驻联合国代表重申最崇高的敬意。

编号：{{ reference }}""",
    "ar": """\
يهدي رئيس لجنة مجلس الأمن المنشأة عملا بالقرار 1540 (2004) تحياته إلى الممثل الدائم ل{{ state }} \
لدى الأمم المتحدة، ويتشرف بأن يشير إلى الفقرة 4 من القرار 1540 (2004)، التي طلب فيها مجلس الأمن \
إلى جميع الدول أن تقدم إلى اللجنة تقريرا أول عن الخطوات التي اتخذتها أو تعتزم اتخاذها لتنفيذ القرار.

وتلاحظ اللجنة أنها لم تتلق، حتى {{ date }}، التقرير الأول ل{{ state }}. ووفقا للفقرة 8 (ب) من \
برنامج عملها، تشجع اللجنة {{ state }} على تقديم هذا التقرير في أقرب وقت ممكن، وتذكّر بأن \
المساعدة في إعداده متاحة عند الطلب، بما في ذلك عن طريق فريق الخبراء التابع للجنة.

واللجنة على استعداد للاجتماع بممثلي {{ state }}، بما في ذلك على هامش الجمعية العامة، لمناقشة \
التقرير وأي مساعدة قد تلزم.

وينتهز رئيس اللجنة هذه الفرصة ليعرب مجددا للممثل الدائم ل{{ state }} لدى الأمم المتحدة عن \
أسمى آيات تقديره.

المرجع: {{ reference }}""",
}
# The English, which a language without a text of its own falls back to.
DEFAULT_SUBJECT = DEFAULT_SUBJECTS["en"]
DEFAULT_BODY = DEFAULT_BODIES["en"]


def _variables_of(node: VariableNode) -> list[Variable | None]:
    expression = node.filter_expression
    found = [expression.var if isinstance(expression.var, Variable) else None]
    for _function, arguments in expression.filters:
        for _is_lookup, argument in arguments:
            if isinstance(argument, Variable):
                found.append(argument)
    return found


def _check(nodes: list[Node]) -> None:
    allowed = ", ".join("{{ " + name + " }}" for name in VARIABLES)
    for node in nodes:
        if isinstance(node, TextNode | CommentNode):
            continue
        if not isinstance(node, VariableNode):
            token = getattr(getattr(node, "token", None), "contents", "") or _("a tag")
            raise ValidationError(
                _("“{%% %(tag)s %%}” is not allowed: the text may hold only words and variables.")
                % {"tag": token.split()[0] if token.split() else token},
                code="tag",
            )
        for variable in _variables_of(node):
            if variable is None:
                continue
            if variable.literal is not None:
                continue
            if len(variable.lookups) != 1 or variable.var not in VARIABLES:
                raise ValidationError(
                    _("The text uses {{ %(name)s }}, which is not available. Use only %(allowed)s.")
                    % {"name": variable.var, "allowed": allowed},
                    code="unknown_variable",
                )
        for function, _arguments in node.filter_expression.filters:
            name = getattr(function, "_filter_name", function.__name__)
            if name not in FILTERS:
                raise ValidationError(
                    _("The filter “%(name)s” is not available. Use only %(allowed)s.")
                    % {"name": name, "allowed": ", ".join(sorted(FILTERS))},
                    code="unknown_filter",
                )


def compile_note(body: str):
    """Parse and check a template text; raise a ValidationError that says what to change."""
    try:
        template = ENGINE.from_string(body)
    except TemplateSyntaxError as error:
        raise ValidationError(
            _("The text is not a valid template: %(error)s") % {"error": error}, code="syntax"
        ) from None
    _check(list(template.nodelist))
    return template


def render_note(body: str, values: dict[str, str]) -> str:
    """The note's text for one state. ``values`` holds exactly the known variables."""
    template = compile_note(body)
    return template.render(Context({name: str(values.get(name, "")) for name in VARIABLES}))
