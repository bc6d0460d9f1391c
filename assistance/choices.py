"""Choices of the assistance app, in the words of the 1540 assistance template."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RequestChannel(models.TextChoices):
    """How a request reached the committee."""

    NOTE_VERBALE = "note_verbale", _("Note verbale")
    NATIONAL_REPORT = "national_report", _("National report")
    TEMPLATE = "template", _("1540 assistance template")
    OTHER = "other", _("Other")


class AssistanceKind(models.TextChoices):
    """The type of help a request seeks or an offer provides."""

    ADVICE = "advice", _("Expert advice")
    LEGISLATIVE = "legislative", _("Legislative assistance")
    TRAINING = "training", _("Training")
    EQUIPMENT = "equipment", _("Equipment")
    FINANCIAL = "financial", _("Financial support")
    OTHER = "other", _("Other")


class RequesterKind(models.TextChoices):
    """Who asks (the 2017 assistance template): one state, a group of states asking together,
    or a regional or subregional organisation on behalf of some of its members (CARICOM)."""

    STATE = "state", _("One state")
    GROUP = "group", _("A group of states")
    ORGANIZATION = "organization", _("A regional organisation")


class RequestStatus(models.TextChoices):
    RECEIVED = "received", pgettext_lazy("request status", "Received")
    AUTHENTICATED = "authenticated", _("Authenticated")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    CIRCULATED = "circulated", _("Circulated to providers")
    POSTED = "posted", _("Posted on the website")
    MATCHED = "matched", _("Matched")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", pgettext_lazy("request status", "Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CLOSED = "closed", _("Closed")


# The steps a request may take from each status (9(c): the committee follows requests up). A
# request that is still open may also be withdrawn by its state or closed by the secretariat.
_ENDINGS = [RequestStatus.WITHDRAWN, RequestStatus.CLOSED]
# The Committee's steps as the 2017 template has them: received, authenticated (the note
# verbale is genuine), acknowledged, circulated to providers, posted on the website (only with
# the requester's consent: a request without it goes from circulated to matched), matched.
REQUEST_STEPS: dict[str, list[str]] = {
    RequestStatus.RECEIVED: [RequestStatus.AUTHENTICATED, *_ENDINGS],
    RequestStatus.AUTHENTICATED: [RequestStatus.ACKNOWLEDGED, *_ENDINGS],
    RequestStatus.ACKNOWLEDGED: [RequestStatus.CIRCULATED, *_ENDINGS],
    RequestStatus.CIRCULATED: [RequestStatus.POSTED, RequestStatus.MATCHED, *_ENDINGS],
    RequestStatus.POSTED: [RequestStatus.MATCHED, *_ENDINGS],
    RequestStatus.MATCHED: [RequestStatus.IN_PROGRESS, RequestStatus.COMPLETED, *_ENDINGS],
    RequestStatus.IN_PROGRESS: [RequestStatus.COMPLETED, *_ENDINGS],
    RequestStatus.COMPLETED: [],
    RequestStatus.WITHDRAWN: [],
    RequestStatus.CLOSED: [],
}
REQUEST_FINAL = [RequestStatus.COMPLETED, RequestStatus.WITHDRAWN, RequestStatus.CLOSED]
# A request counts as matched in the public database from the moment a provider has agreed.
REQUEST_MATCHED = [RequestStatus.MATCHED, RequestStatus.IN_PROGRESS, RequestStatus.COMPLETED]
# Still waiting for a provider.
REQUEST_UNMATCHED = [
    RequestStatus.RECEIVED,
    RequestStatus.AUTHENTICATED,
    RequestStatus.ACKNOWLEDGED,
    RequestStatus.CIRCULATED,
    RequestStatus.POSTED,
]


class OfferStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("offer status", "Active")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class MatchStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    CONTACTED = "contacted", _("Providers contacted")
    AGREED = "agreed", _("Agreed")
    DELIVERED = "delivered", _("Delivered")
    CLOSED = "closed", _("Closed")


MATCH_STEPS: dict[str, list[str]] = {
    MatchStatus.PROPOSED: [MatchStatus.CONTACTED, MatchStatus.CLOSED],
    MatchStatus.CONTACTED: [MatchStatus.AGREED, MatchStatus.CLOSED],
    MatchStatus.AGREED: [MatchStatus.DELIVERED, MatchStatus.CLOSED],
    MatchStatus.DELIVERED: [MatchStatus.CLOSED],
    MatchStatus.CLOSED: [],
}
# A match in one of these is an agreement between requester and provider.
MATCH_AGREED = [MatchStatus.AGREED, MatchStatus.DELIVERED]


class NeedMet(models.TextChoices):
    """The requesting state's answer to "was the need met?" after delivery."""

    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")


class DigestBuildStatus(models.TextChoices):
    """Where the latest build of a digest is. The digest's content (figures and files) changes
    only when a build finishes, so a failed or killed build leaves the previous one readable."""

    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Building")
    DONE = "done", pgettext_lazy("digest build status", "Built")
    FAILED = "failed", _("Failed")


class DigestBuildStep(models.TextChoices):
    """The step a running build is at. The worker stores the code; the page names the step in
    its reader's language (the worker's language is nobody's)."""

    COUNTING = "counting", _("Counting requests, offers and matches")
    WRITING = "writing", _("Writing the digest")
    PDF = "pdf", _("Making the PDF")
    STORING = "storing", _("Storing the files")
    PUBLISHING = "publishing", _("Publishing the new version")


@dataclass(frozen=True)
class TaxonomyArea:
    """An area of the taxonomy of assistance: its code, the sections of the 1540 matrix it helps
    a state fill, and its name and description in the six official languages, by the site's
    language codes (``zh-hans``)."""

    code: str
    sections: list[str]
    names: dict[str, str]
    descriptions: dict[str, str]


# The taxonomy of assistance. Kept in code so that a fresh database, a test database and a
# flushed one all get it (the data migrations and AssistanceArea.objects.ensure_taxonomy).
AREAS: list[TaxonomyArea] = [
    TaxonomyArea(
        "legislative-drafting",
        ["OP2", "OP3AB", "OP3CD"],
        names={
            "ar": "الصياغة التشريعية",
            "zh-hans": "立法起草",
            "en": "Legislative drafting",
            "fr": "Rédaction de textes législatifs",
            "ru": "Разработка законодательства",
            "es": "Redacción legislativa",
        },
        descriptions={
            "ar": "صياغة القوانين واللوائح الوطنية التي تنفذ الالتزامات المترتبة على القرار 1540 "
            "(2004) أو تنقيحها، بما في ذلك أوجه الحظر المفروضة على الجهات من غير الدول "
            "والعقوبات المترتبة على انتهاكها.",
            "zh-hans": "起草或修订落实第1540(2004)号决议所定义务的国家法律和法规，包括对非国家"
            "行为者的禁令和对违法行为的处罚。",
            "en": "Drafting or revising the national laws and regulations that give effect to the "
            "obligations of resolution 1540 (2004), including the prohibitions on non-State "
            "actors and the penalties for violating them.",
            "fr": "Élaboration ou révision des lois et règlements nationaux donnant effet aux "
            "obligations découlant de la résolution 1540 (2004), notamment les interdictions "
            "visant les acteurs non étatiques et les sanctions applicables en cas d'infraction.",
            "ru": "Разработка или пересмотр национальных законов и подзаконных актов, "
            "обеспечивающих выполнение обязательств по резолюции 1540 (2004), включая запреты в "
            "отношении негосударственных субъектов и наказания за их нарушение.",
            "es": "Redacción o revisión de las leyes y los reglamentos nacionales que dan efecto a "
            "las obligaciones de la resolución 1540 (2004), incluidas las prohibiciones "
            "aplicables a los agentes no estatales y las sanciones por su infracción.",
        },
    ),
    TaxonomyArea(
        "enforcement",
        ["OP2", "OP3AB", "OP3CD"],
        names={
            "ar": "الإنفاذ",
            "zh-hans": "执法",
            "en": "Enforcement",
            "fr": "Application de la loi",
            "ru": "Правоприменение",
            "es": "Aplicación coercitiva",
        },
        descriptions={
            "ar": "قدرات الشرطة والجمارك والنيابة العامة والمحاكم على كشف الأنشطة التي يحظرها "
            "القرار 1540 (2004) والتحقيق فيها وملاحقة مرتكبيها قضائيا.",
            "zh-hans": "警察、海关、检察机关和法院发现、调查和起诉第1540(2004)号决议所禁止活动的"
            "能力。",
            "en": "The capacity of police, customs, prosecutors and courts to detect, investigate "
            "and prosecute the activities that resolution 1540 (2004) prohibits.",
            "fr": "Capacité de la police, des douanes, du parquet et des tribunaux à détecter les "
            "activités interdites par la résolution 1540 (2004), à enquêter sur celles-ci et à "
            "en poursuivre les auteurs.",
            "ru": "Возможности полиции, таможенных органов, прокуратуры и судов по выявлению и "
            "расследованию деятельности, запрещенной резолюцией 1540 (2004), и уголовному "
            "преследованию за нее.",
            "es": "Capacidad de la policía, las aduanas, la fiscalía y los tribunales para "
            "detectar, investigar y enjuiciar las actividades prohibidas por la resolución 1540 "
            "(2004).",
        },
    ),
    TaxonomyArea(
        "accounting-physical-protection",
        ["OP3AB"],
        names={
            "ar": "الحصر والحماية المادية",
            "zh-hans": "衡算和实物保护",
            "en": "Accounting and physical protection",
            "fr": "Comptabilité et protection physique",
            "ru": "Учет и физическая защита",
            "es": "Contabilidad y protección física",
        },
        descriptions={
            "ar": "تدابير حصر المواد ذات الصلة وتأمينها أثناء إنتاجها واستخدامها وتخزينها "
            "ونقلها، وتوفير الحماية المادية لها (الفقرة 3 (أ) و (ب) من القرار).",
            "zh-hans": "在生产、使用、储存和运输中对相关材料进行衡算和保安以及实物保护的措施"
            "(决议第3(a)和(b)段)。",
            "en": "Measures to account for and secure related materials in production, use, "
            "storage and transport, and to protect them physically (paragraph 3 (a) and (b) of "
            "the resolution).",
            "fr": "Mesures visant à comptabiliser et à sécuriser les éléments connexes lors de "
            "leur production, de leur utilisation, de leur stockage et de leur transport, et à "
            "en assurer la protection physique (alinéas a) et b) du paragraphe 3 de la "
            "résolution).",
            "ru": "Меры по учету и обеспечению сохранности связанных материалов при их "
            "производстве, использовании, хранении и перевозке, а также по их физической защите "
            "(пункт 3(a) и (b) резолюции).",
            "es": "Medidas para contabilizar y proteger los materiales conexos durante su "
            "producción, uso, almacenamiento y transporte, y para garantizar su protección "
            "física (párrafo 3 a) y b) de la resolución).",
        },
    ),
    TaxonomyArea(
        "border-export-control",
        ["OP3CD"],
        names={
            "ar": "مراقبة الحدود والصادرات",
            "zh-hans": "边境和出口管制",
            "en": "Border and export control",
            "fr": "Contrôles aux frontières et à l'exportation",
            "ru": "Пограничный и экспортный контроль",
            "es": "Controles fronterizos y de las exportaciones",
        },
        descriptions={
            "ar": "الضوابط الحدودية وإجراءات إنفاذ القانون لمكافحة الاتجار غير المشروع، "
            "والضوابط الوطنية على تصدير المواد ذات الصلة وإعادة شحنها (الفقرة 3 (ج) و (د) من "
            "القرار).",
            "zh-hans": "打击非法贩运的边境管制和执法工作，以及对相关材料的国家出口和转运管制"
            "(决议第3(c)和(d)段)。",
            "en": "Border controls and law enforcement against illicit trafficking, and national "
            "controls on the export and trans-shipment of related materials (paragraph 3 (c) "
            "and (d) of the resolution).",
            "fr": "Contrôles aux frontières et action des services de détection et de répression "
            "contre le trafic illicite, et contrôles nationaux de l'exportation et du "
            "transbordement des éléments connexes (alinéas c) et d) du paragraphe 3 de la "
            "résolution).",
            "ru": "Пограничный контроль и правоохранительные меры по борьбе с незаконным "
            "оборотом, а также национальный контроль за экспортом и перевалкой связанных "
            "материалов (пункт 3(c) и (d) резолюции).",
            "es": "Controles fronterizos y medidas policiales contra el tráfico ilícito, y "
            "controles nacionales de la exportación y el transbordo de materiales conexos "
            "(párrafo 3 c) y d) de la resolución).",
        },
    ),
    TaxonomyArea(
        "biosafety-biosecurity",
        ["OP3AB"],
        names={
            "ar": "السلامة البيولوجية والأمن البيولوجي",
            "zh-hans": "生物安全和生物安保",
            "en": "Biosafety and biosecurity",
            "fr": "Sûreté et sécurité biologiques",
            "ru": "Биологическая безопасность и биологическая защита",
            "es": "Seguridad y protección biológicas",
        },
        descriptions={
            "ar": "التعامل الآمن والمأمون مع مسببات الأمراض والتكسينات الخطرة في المختبرات "
            "والمرافق، والإشراف على البحوث التي يمكن إساءة استخدامها.",
            "zh-hans": "在实验室和设施中安全、有保障地处理危险病原体和毒素，并监督可能被滥用的"
            "研究。",
            "en": "Safe and secure handling of dangerous pathogens and toxins in laboratories and "
            "facilities, and oversight of research that could be misused.",
            "fr": "Manipulation sûre et sécurisée des agents pathogènes et des toxines dangereux "
            "dans les laboratoires et les installations, et encadrement des recherches "
            "susceptibles d'être détournées.",
            "ru": "Безопасное и защищенное обращение с опасными патогенами и токсинами в "
            "лабораториях и на объектах, а также надзор за исследованиями, которые могут быть "
            "использованы не по назначению.",
            "es": "Manipulación segura y protegida de patógenos y toxinas peligrosos en "
            "laboratorios e instalaciones, y supervisión de las investigaciones que podrían "
            "utilizarse indebidamente.",
        },
    ),
    TaxonomyArea(
        "chemical-security",
        ["OP3AB"],
        names={
            "ar": "الأمن الكيميائي",
            "zh-hans": "化学安保",
            "en": "Chemical security",
            "fr": "Sécurité chimique",
            "ru": "Химическая безопасность",
            "es": "Seguridad química",
        },
        descriptions={
            "ar": "تأمين المواد الكيميائية السامة وسلائفها في مواقع إنتاجها وتخزينها ونقلها، "
            "ومنع تسريبها.",
            "zh-hans": "在生产、储存和运输场所确保有毒化学品及其前体的安保，防止其被转用。",
            "en": "Securing toxic chemicals and their precursors where they are produced, stored "
            "and transported, and preventing their diversion.",
            "fr": "Sécurisation des produits chimiques toxiques et de leurs précurseurs sur les "
            "lieux de production, de stockage et de transport, et prévention de leur "
            "détournement.",
            "ru": "Обеспечение сохранности токсичных химических веществ и их прекурсоров в "
            "местах производства, хранения и перевозки и предотвращение их утечки.",
            "es": "Protección de las sustancias químicas tóxicas y sus precursores en los lugares "
            "de producción, almacenamiento y transporte, y prevención de su desvío.",
        },
    ),
    TaxonomyArea(
        "nuclear-security",
        ["OP3AB"],
        names={
            "ar": "الأمن النووي",
            "zh-hans": "核安保",
            "en": "Nuclear security",
            "fr": "Sécurité nucléaire",
            "ru": "Физическая ядерная безопасность",
            "es": "Seguridad nuclear",
        },
        descriptions={
            "ar": "منع السرقة والتخريب والوصول غير المأذون به إلى المواد النووية وغيرها من "
            "المواد المشعة والمرافق المرتبطة بها، وكشف ذلك والتصدي له.",
            "zh-hans": "防范、侦查和应对涉及核材料和其他放射性物质及相关设施的盗窃、破坏和未经"
            "授权的接触。",
            "en": "Preventing, detecting and responding to theft, sabotage and unauthorized "
            "access involving nuclear and other radioactive material and associated facilities.",
            "fr": "Prévention et détection des vols, des actes de sabotage et des accès non "
            "autorisés concernant les matières nucléaires et autres matières radioactives et les "
            "installations associées, et intervention en pareil cas.",
            "ru": "Предотвращение и обнаружение хищений, диверсий и несанкционированного доступа "
            "в отношении ядерного и других радиоактивных материалов и связанных с ними "
            "установок, а также реагирование на них.",
            "es": "Prevención y detección del robo, el sabotaje y el acceso no autorizado que "
            "afecten a materiales nucleares y otros materiales radiactivos y a las instalaciones "
            "conexas, y respuesta a esos actos.",
        },
    ),
    TaxonomyArea(
        "control-lists",
        ["OP3CD"],
        names={
            "ar": "قوائم المراقبة",
            "zh-hans": "管制清单",
            "en": "Control lists",
            "fr": "Listes de contrôle",
            "ru": "Контрольные списки",
            "es": "Listas de control",
        },
        descriptions={
            "ar": "وضع قوائم المراقبة الوطنية للسلع والمواد والتكنولوجيات الخاضعة لضوابط "
            "التصدير والعبور وإعادة الشحن وتحديثها (الفقرة 14 من القرار 2325 (2016)).",
            "zh-hans": "制定和更新须接受出口、过境和转运管制的货物、材料和技术的国家管制清单"
            "(第2325(2016)号决议第14段)。",
            "en": "Establishing and updating national control lists of the goods, materials and "
            "technologies subject to export, transit and trans-shipment controls (paragraph 14 "
            "of resolution 2325 (2016)).",
            "fr": "Établissement et mise à jour des listes nationales de contrôle des biens, "
            "matières et technologies soumis aux contrôles à l'exportation, au transit et au "
            "transbordement (paragraphe 14 de la résolution 2325 (2016)).",
            "ru": "Составление и обновление национальных контрольных списков товаров, "
            "материалов и технологий, подлежащих контролю за экспортом, транзитом и перевалкой "
            "(пункт 14 резолюции 2325 (2016)).",
            "es": "Establecimiento y actualización de las listas nacionales de control de los "
            "bienes, materiales y tecnologías sujetos a controles de exportación, tránsito y "
            "transbordo (párrafo 14 de la resolución 2325 (2016)).",
        },
    ),
    TaxonomyArea(
        "training",
        ["OP3AB", "OP3CD"],
        names={
            "ar": "التدريب",
            "zh-hans": "培训",
            "en": "Training",
            "fr": "Formation",
            "ru": "Подготовка кадров",
            "es": "Capacitación",
        },
        descriptions={
            "ar": "دورات وتمارين لموظفي الأجهزة المعنية بتنفيذ القرار 1540 (2004)، بما في ذلك "
            "تدريب جهات الاتصال الوطنية.",
            "zh-hans": "为负责执行第1540(2004)号决议的机构的官员举办的课程和演练，包括国家联络人"
            "培训。",
            "en": "Courses and exercises for the officials of the agencies that implement "
            "resolution 1540 (2004), including the training of national points of contact.",
            "fr": "Cours et exercices destinés aux agents des organismes chargés de l'application "
            "de la résolution 1540 (2004), y compris la formation des points de contact "
            "nationaux.",
            "ru": "Курсы и учения для сотрудников ведомств, осуществляющих резолюцию 1540 (2004), "
            "включая подготовку национальных координаторов.",
            "es": "Cursos y ejercicios para los funcionarios de los organismos encargados de "
            "aplicar la resolución 1540 (2004), incluida la capacitación de los puntos de "
            "contacto nacionales.",
        },
    ),
    TaxonomyArea(
        "equipment",
        ["OP3AB", "OP3CD"],
        names={
            "ar": "المعدات",
            "zh-hans": "设备",
            "en": "Equipment",
            "fr": "Matériel",
            "ru": "Оборудование",
            "es": "Equipo",
        },
        descriptions={
            "ar": "معدات الكشف والتعرف والتفتيش والحماية لموظفي الحدود والجمارك والمختبرات "
            "والمرافق، مع التدريب على استخدامها وصيانتها.",
            "zh-hans": "供边境、海关、实验室和设施人员使用的探测、识别、检查和防护设备，以及设备"
            "使用和维护培训。",
            "en": "Detection, identification, inspection and protective equipment for border, "
            "customs, laboratory and facility staff, with training in its use and upkeep.",
            "fr": "Matériel de détection, d'identification, d'inspection et de protection destiné "
            "au personnel des frontières, des douanes, des laboratoires et des installations, "
            "avec une formation à son utilisation et à son entretien.",
            "ru": "Оборудование для обнаружения, идентификации, досмотра и защиты для сотрудников "
            "пограничных и таможенных служб, лабораторий и объектов, а также обучение его "
            "использованию и обслуживанию.",
            "es": "Equipo de detección, identificación, inspección y protección para el personal "
            "de fronteras, aduanas, laboratorios e instalaciones, con capacitación en su uso y "
            "mantenimiento.",
        },
    ),
    TaxonomyArea(
        "awareness-raising",
        ["OP1"],
        names={
            "ar": "التوعية",
            "zh-hans": "提高认识",
            "en": "Awareness raising",
            "fr": "Sensibilisation",
            "ru": "Повышение осведомленности",
            "es": "Concienciación",
        },
        descriptions={
            "ar": "إطلاع المسؤولين والبرلمانيين وقطاع الصناعة والأوساط الأكاديمية والمجتمع "
            "المدني على الالتزامات المترتبة على القرار 1540 (2004) (الفقرة 8 (د) من القرار).",
            "zh-hans": "向官员、议员、产业界、学术界和民间社会通报第1540(2004)号决议规定的义务"
            "(决议第8(d)段)。",
            "en": "Informing officials, parliamentarians, industry, academia and civil society of "
            "the obligations of resolution 1540 (2004) (paragraph 8 (d) of the resolution).",
            "fr": "Information des fonctionnaires, des parlementaires, de l'industrie, des milieux "
            "universitaires et de la société civile sur les obligations découlant de la "
            "résolution 1540 (2004) (alinéa d) du paragraphe 8 de la résolution).",
            "ru": "Информирование должностных лиц, парламентариев, промышленности, академических "
            "кругов и гражданского общества об обязательствах по резолюции 1540 (2004) "
            "(пункт 8(d) резолюции).",
            "es": "Información a los funcionarios, los parlamentarios, la industria, los círculos "
            "académicos y la sociedad civil sobre las obligaciones de la resolución 1540 (2004) "
            "(párrafo 8 d) de la resolución).",
        },
    ),
    TaxonomyArea(
        "national-action-plans",
        ["OP1"],
        names={
            "ar": "خطط العمل الوطنية",
            "zh-hans": "国家行动计划",
            "en": "National action plans",
            "fr": "Plans d'action nationaux",
            "ru": "Национальные планы действий",
            "es": "Planes de acción nacionales",
        },
        descriptions={
            "ar": "إعداد خطط عمل وطنية طوعية للتنفيذ تبيّن أولويات الدولة وخططها لتنفيذ القرار "
            "1540 (2004).",
            "zh-hans": "自愿拟订国家执行行动计划，提出一国执行第1540(2004)号决议的优先重点和计划。",
            "en": "Preparing voluntary national implementation action plans that set out a "
            "State's priorities and plans for implementing resolution 1540 (2004).",
            "fr": "Élaboration, à titre volontaire, de plans d'action nationaux de mise en œuvre "
            "exposant les priorités et les projets d'un État concernant l'application de la "
            "résolution 1540 (2004).",
            "ru": "Подготовка на добровольной основе национальных планов действий по "
            "осуществлению, в которых излагаются приоритеты и планы государства по "
            "осуществлению резолюции 1540 (2004).",
            "es": "Preparación, con carácter voluntario, de planes de acción nacionales de "
            "aplicación que expongan las prioridades y los planes de un Estado para aplicar la "
            "resolución 1540 (2004).",
        },
    ),
]

# The codes, English names and matrix sections, in the shape the first data migration
# (0002_taxonomy) reads.
TAXONOMY: list[tuple[str, str, list[str]]] = [
    (area.code, area.names["en"], area.sections) for area in AREAS
]


class OfferLanguage(models.TextChoices):
    """The languages in which a provider can give its help: the six official languages of the
    United Nations, or another (named in the offer)."""

    ARABIC = "ar", _("Arabic")
    CHINESE = "zh", _("Chinese")
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    RUSSIAN = "ru", _("Russian")
    SPANISH = "es", _("Spanish")
    OTHER = "other", _("Another language")


class Eligibility(models.TextChoices):
    """Who may receive an offer's help."""

    ALL = "all", _("Every state")
    REGION = "region", _("States of a region")
    GROUPS = "groups", _("Specific groups of states")


class ProjectStatus(models.TextChoices):
    """Where an assistance project stands (12(e))."""

    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", pgettext_lazy("project status", "Completed")
    CANCELLED = "cancelled", _("Cancelled")


class TrustFund(models.TextChoices):
    """The funds a contribution to assistance is paid into (12(e))."""

    UNTF_DISARMAMENT = (
        "untf-disarmament",
        _("UN Trust Fund for Global and Regional Disarmament Activities"),
    )
    OTHER = "other", _("Another fund (named in the contribution)")
