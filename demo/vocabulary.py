"""The words the demo city is made of: catalogue programs, 1+X certificates, skills, names, districts and texts.

Data only; generation logic lives in the other modules of this package. Sector codes are GB/T 4754-2017
divisions; program codes follow the 2020 undergraduate and 2021 vocational national catalogues of majors.
"""

from typing import NamedTuple

from colleges.choices import CollegeKind, ProgramLevel
from partnerships.choices import AgreementKind


# ------------------------------------------------------------------------------
# The city
# ------------------------------------------------------------------------------
class District(NamedTuple):
    name: str
    stem: str
    division_code: str


class CityProfile(NamedTuple):
    """A demo city: its name, administrative division codes and the prefixes of its generated identifiers, which no
    other demo city shares (college codes, credit codes and usernames are unique across the platform)."""

    name: str
    stem: str  # the name without 市, which colleges and enterprises carry
    slug: str  # the prefix of its generated usernames and its email domain
    province: str
    pilot_batch_year: int
    priority_sectors: tuple[str, ...]
    division_code: str  # GB/T 2260, the city's own; its districts' codes start with its first four digits
    districts: tuple[District, ...]
    province_birthplaces: tuple[str, ...]  # other division codes of the province, where some students were born
    college_code_stem: str  # 学校标识码 characters 2–6: the province and the city
    demo_prefix: str  # the demo accounts are {demo_prefix}-college, -enterprise and -official

    @property
    def email_domain(self) -> str:
        return f"{self.slug}.example"


# The demo cities are invented: their division codes follow their province's real ones but name no real city.
# The first is the default, and its demo accounts are the ones the README publishes.
DEMO_CITIES = (
    CityProfile(
        name="金河市",
        stem="金河",
        slug="jinhe",
        province="江苏省",
        pilot_batch_year=2019,
        priority_sectors=("34", "35", "36", "38", "39", "65"),
        division_code="321400",
        districts=(
            District("临江区", "临江", "321402"),
            District("东湖区", "东湖", "321403"),
            District("青山区", "青山", "321404"),
            District("港城区", "港城", "321411"),
            District("太平县", "太平", "321422"),
            District("长乐市", "长乐", "321481"),
            District("金河高新区", "高新", "321471"),
            District("金河经开区", "经开", "321472"),
        ),
        province_birthplaces=("320102", "320205", "320311", "320412", "320583", "320682", "320924", "321302"),
        college_code_stem="13214",
        demo_prefix="demo",
    ),
    CityProfile(
        name="云溪市",
        stem="云溪",
        slug="yunxi",
        province="浙江省",
        pilot_batch_year=2020,
        priority_sectors=("27", "39", "59", "61", "64", "85"),
        division_code="331200",
        districts=(
            District("溪城区", "溪城", "331202"),
            District("南浦区", "南浦", "331203"),
            District("白沙区", "白沙", "331204"),
            District("云山县", "云山", "331221"),
            District("清源县", "清源", "331222"),
            District("安澜市", "安澜", "331281"),
            District("云溪高新区", "高新", "331271"),
            District("云溪经开区", "经开", "331272"),
        ),
        province_birthplaces=("330102", "330205", "330302", "330402", "330502", "330602", "330782", "331002"),
        college_code_stem="13312",
        demo_prefix="yunxi-demo",
    ),
)
DEFAULT_CITY = DEMO_CITIES[0]

# Where students were born (national ID characters 1–6): mostly the city, then its province, then other provinces.
BIRTHPLACE_SHARES = (65, 20, 15)
OTHER_PROVINCE_BIRTHPLACES = ("340104", "341202", "411302", "412702", "510107", "522601", "362202", "430521")

MOBILE_PREFIXES = (
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155", "157", "158",
    "159", "166", "173", "177", "180", "181", "182", "183", "186", "187", "188", "189", "191", "198", "199",
)  # fmt: skip

# ------------------------------------------------------------------------------
# People
# ------------------------------------------------------------------------------
# Surnames with weights roughly following their frequency in the 2020 census.
SURNAMES = (
    ("王", 72), ("李", 71), ("张", 68), ("刘", 55), ("陈", 46), ("杨", 32), ("黄", 24), ("赵", 22), ("吴", 21),
    ("周", 21), ("徐", 16), ("孙", 15), ("马", 15), ("朱", 14), ("胡", 13), ("郭", 12), ("何", 12), ("林", 11),
    ("高", 11), ("罗", 10), ("郑", 10), ("梁", 9), ("谢", 8), ("宋", 7), ("唐", 7), ("许", 7), ("韩", 7),
    ("冯", 6), ("邓", 6), ("曹", 6), ("彭", 6), ("曾", 5), ("肖", 5), ("田", 5), ("董", 5), ("袁", 5), ("潘", 5),
    ("于", 5), ("蒋", 5), ("蔡", 5), ("余", 5), ("杜", 4), ("叶", 4), ("程", 4), ("苏", 4), ("魏", 4), ("吕", 4),
    ("丁", 4), ("任", 4), ("沈", 4), ("姚", 4), ("卢", 4), ("姜", 3), ("崔", 3), ("钟", 3), ("谭", 3), ("陆", 3),
    ("汪", 3), ("范", 3), ("金", 3), ("石", 3), ("廖", 3), ("贾", 3), ("夏", 3), ("顾", 3), ("钱", 2), ("严", 2),
    ("戴", 2), ("孔", 2), ("欧阳", 1), ("诸葛", 1), ("司马", 1),
)  # fmt: skip
GIVEN_NAME_CHARACTERS = {
    "male": "伟强磊军洋勇杰涛明超浩宇轩博文俊峰鹏辉斌健凯帆晨阳翔宁昊然鑫睿泽铭志诚毅彬航",
    "female": "芳娜敏静丽艳娟霞秀玲婷雪琳颖倩梦欣怡佳悦琪涵雨萱思瑶语嘉晴彤蕾薇媛露",
    "any": "子一心安文嘉思乐宇晨欣可云",
}

# ------------------------------------------------------------------------------
# Organisations
# ------------------------------------------------------------------------------
# Trade-name characters: an enterprise's 字号 is two of them.
BRAND_CHARACTERS = (
    "恒信华通瑞达宏远盛泰鑫博创源润海天宇嘉联丰安康振兴正明德辉融卓越"
    "祥和鼎立弘凯晟昊旭东方中星光亿豪腾飞云智精益诚佳汇"
)

FIELD_WORDS = {
    "manufacturing": "机电",
    "electronics_it": "信息",
    "business": "商贸",
    "health": "卫生",
    "transport": "交通",
    "construction": "建筑",
    "chemical": "化工",
    "hospitality": "旅游",
    "agriculture": "农业",
}
BASE_FIELD_WORDS = {
    "manufacturing": "智能制造",
    "electronics_it": "信息技术",
    "business": "现代商贸",
    "health": "护理",
    "transport": "汽车技术",
    "construction": "建筑工程",
    "chemical": "化工",
    "hospitality": "酒店服务",
    "agriculture": "现代农业",
}
ALL_FIELDS = tuple(FIELD_WORDS)


class CollegeSpec(NamedTuple):
    suffix: str  # the name after the city's stem
    kind: str
    fields: tuple[str, ...]


# The city's public colleges (named after the city: its stem and the suffix), used in this order before invented
# ones; the first is the demo college.
COLLEGES = (
    CollegeSpec("职业技术学院", CollegeKind.HIGHER_VOCATIONAL, ALL_FIELDS),
    CollegeSpec("机电工程学校", CollegeKind.SECONDARY_VOCATIONAL, ("manufacturing", "electronics_it")),
    CollegeSpec("科技学院", CollegeKind.APPLIED_UNDERGRADUATE, ("manufacturing", "electronics_it")),
    CollegeSpec("大学", CollegeKind.UNDERGRADUATE, ALL_FIELDS),
    CollegeSpec("工业职业技术学院", CollegeKind.HIGHER_VOCATIONAL, ("manufacturing", "electronics_it")),
    CollegeSpec("卫生职业技术学院", CollegeKind.HIGHER_VOCATIONAL, ("health",)),
    CollegeSpec("市中等专业学校", CollegeKind.SECONDARY_VOCATIONAL, ALL_FIELDS),
    CollegeSpec("信息职业技术学院", CollegeKind.HIGHER_VOCATIONAL, ("electronics_it", "business")),
    CollegeSpec("理工学院", CollegeKind.APPLIED_UNDERGRADUATE, ("manufacturing", "chemical", "construction")),
    CollegeSpec("交通职业技术学院", CollegeKind.HIGHER_VOCATIONAL, ("transport", "manufacturing")),
    CollegeSpec("旅游商贸学校", CollegeKind.SECONDARY_VOCATIONAL, ("business", "hospitality")),
    CollegeSpec("商贸职业学院", CollegeKind.HIGHER_VOCATIONAL, ("business", "hospitality")),
    CollegeSpec("建筑职业技术学院", CollegeKind.HIGHER_VOCATIONAL, ("construction",)),
    CollegeSpec("化工职业技术学院", CollegeKind.HIGHER_VOCATIONAL, ("chemical",)),
    CollegeSpec("农林职业技术学院", CollegeKind.HIGHER_VOCATIONAL, ("agriculture", "business")),
)
# Suffixes of invented colleges, by kind.
COLLEGE_SUFFIXES = {
    CollegeKind.HIGHER_VOCATIONAL: ("职业技术学院", "职业学院"),
    CollegeKind.SECONDARY_VOCATIONAL: ("职业学校", "中等专业学校", "技工学校"),
    CollegeKind.APPLIED_UNDERGRADUATE: ("学院", "工程学院"),
    CollegeKind.UNDERGRADUATE: ("大学",),
}
# How often each kind occurs once every kind has one college.
COLLEGE_KIND_WEIGHTS = {
    CollegeKind.HIGHER_VOCATIONAL: 6,
    CollegeKind.SECONDARY_VOCATIONAL: 3,
    CollegeKind.APPLIED_UNDERGRADUATE: 2,
    CollegeKind.UNDERGRADUATE: 1,
}
# Which catalogue levels each kind of college runs.
COLLEGE_PROGRAM_LEVELS = {
    CollegeKind.HIGHER_VOCATIONAL: ProgramLevel.HIGHER_VOCATIONAL,
    CollegeKind.SECONDARY_VOCATIONAL: ProgramLevel.SECONDARY_VOCATIONAL,
    CollegeKind.APPLIED_UNDERGRADUATE: ProgramLevel.UNDERGRADUATE,
    CollegeKind.UNDERGRADUATE: ProgramLevel.UNDERGRADUATE,
}

COLLEGE_STAFF_TITLES = (
    "教务处处长",
    "招生就业处副处长",
    "二级学院院长",
    "专业带头人",
    "实习指导教师",
    "校企合作办公室主任",
)
ENTERPRISE_STAFF_TITLES = ("人力资源经理", "培训主管", "校企合作专员")
MENTOR_TITLES = ("技术主管", "车间主任", "高级工程师", "班组长")
OFFICIAL_TITLES = (
    "市教育局职业教育与成人教育处处长",
    "市发展改革委社会发展处副处长",
    "市人力资源和社会保障局职业能力建设处科长",
)
COUNCIL_TITLES = ("董事长", "总经理", "副总经理", "技术总监", "人力资源总监", "总工程师")

ENTERPRISE_FORMS = (("有限公司", 70), ("股份有限公司", 18), ("集团有限公司", 6), ("科技有限公司", 6))


# ------------------------------------------------------------------------------
# Sectors: words for enterprise names and the jobs they post
# ------------------------------------------------------------------------------
class SectorProfile(NamedTuple):
    trade_words: tuple[str, ...]
    roles: tuple[str, ...]
    research_topics: tuple[str, ...]


SECTOR_PROFILES = {
    "01": SectorProfile(("农业科技", "生态农业"), ("农业技术员", "设施农业管理员"), ("设施农业智能控制",)),
    "26": SectorProfile(("化工", "新材料", "精细化工"), ("化工总控工", "化学检验员"), ("精细化工过程安全",)),
    "27": SectorProfile(("生物医药", "制药"), ("药物制剂工", "质量检验员"), ("原料药连续化生产",)),
    "33": SectorProfile(("金属制品", "精密钣金"), ("钣金工", "焊工"), ("激光焊接工艺优化",)),
    "34": SectorProfile(
        ("精密机械", "智能装备", "液压科技", "机床"),
        ("数控车工", "装配钳工", "设备维修工", "机械设计助理"),
        ("数控机床远程运维", "精密主轴热变形补偿"),
    ),
    "35": SectorProfile(
        ("自动化设备", "智能制造", "机器人"),
        ("工业机器人运维员", "自动化设备调试员", "机器视觉工程师助理"),
        ("工业机器人视觉检测", "柔性产线数字孪生"),
    ),
    "36": SectorProfile(
        ("汽车部件", "新能源汽车", "汽车电子"),
        ("汽车装调工", "电池包检测员", "质量检验员"),
        ("动力电池热管理", "车身焊装质量追溯"),
    ),
    "38": SectorProfile(
        ("电气", "电机", "储能科技", "光伏"),
        ("电气装配工", "电工", "储能系统调试员"),
        ("储能变流器控制", "光伏组件缺陷检测"),
    ),
    "39": SectorProfile(
        ("电子", "光电", "微电子", "通信设备"),
        ("电子装接工", "SMT工艺员", "测试工程师助理"),
        ("芯片封装测试", "5G射频模组测试"),
    ),
    "44": SectorProfile(("电力", "能源"), ("变配电运行值班员", "电力设备检修工"), ("配电网故障定位",)),
    "47": SectorProfile(("建设工程", "建筑"), ("施工员", "BIM建模员", "资料员"), ("装配式建筑施工工艺",)),
    "48": SectorProfile(("路桥", "市政工程"), ("测量员", "施工员"), ("桥梁健康监测",)),
    "52": SectorProfile(
        ("商贸", "电子商务", "连锁超市"), ("电商运营专员", "直播助理", "门店管理员"), ("社区团购供应链",)
    ),
    "54": SectorProfile(("运输", "快运"), ("运输调度员", "驾驶员助理"), ("冷链运输温控",)),
    "58": SectorProfile(("供应链", "国际货运代理"), ("货代操作员", "关务专员"), ("多式联运信息平台",)),
    "59": SectorProfile(("物流", "仓储"), ("仓储管理员", "物流调度员", "WMS操作员"), ("智能仓储分拣",)),
    "61": SectorProfile(("酒店", "大酒店"), ("前厅接待员", "客房服务员"), ("酒店收益管理",)),
    "62": SectorProfile(("餐饮管理",), ("餐厅服务员", "中式烹调师"), ("中央厨房标准化",)),
    "63": SectorProfile(("通信", "信息网络"), ("网络工程师助理", "通信机务员"), ("5G专网部署",)),
    "64": SectorProfile(("网络科技", "互联网科技"), ("前端开发实习生", "内容运营专员"), ("推荐算法",)),
    "65": SectorProfile(
        ("软件", "信息技术", "数据科技", "网络科技"),
        ("Java开发工程师助理", "软件测试员", "数据分析师助理", "运维工程师助理"),
        ("工业互联网平台", "大数据质量治理", "AI视觉质检"),
    ),
    "66": SectorProfile(("农村商业银行",), ("柜员", "客户经理助理"), ("普惠金融风控",)),
    "72": SectorProfile(("财务咨询", "企业管理咨询", "人力资源"), ("会计助理", "税务专员"), ("业财一体化平台",)),
    "81": SectorProfile(("汽车服务", "汽车维修"), ("汽车维修工", "服务顾问"), ("新能源汽车故障诊断",)),
    "84": SectorProfile(("医疗管理", "康复医院"), ("护士", "康复治疗师助理"), ("智慧病房",)),
    "85": SectorProfile(("养老服务", "康养"), ("养老护理员", "健康管理师助理"), ("智慧养老监测",)),
}


# ------------------------------------------------------------------------------
# Skills, 1+X certificates and programs
# ------------------------------------------------------------------------------
SKILLS = {
    "工业机器人编程与调试": "35",
    "PLC编程": "38",
    "机器视觉应用": "35",
    "电气控制系统安装与调试": "38",
    "传感器与检测技术": "40",
    "数控车铣加工": "34",
    "CAD/CAM软件应用": "34",
    "机械制图与识图": "34",
    "精密测量": "34",
    "液压与气动技术": "34",
    "设备维护与故障诊断": "43",
    "变频器与伺服驱动": "38",
    "供配电技术": "44",
    "SolidWorks三维建模": "34",
    "有限元分析": "34",
    "ROS机器人开发": "35",
    "动力电池检测与维护": "36",
    "汽车电控系统诊断": "36",
    "高压电安全操作": "38",
    "汽车维护与保养": "81",
    "Java Web开发": "65",
    "Python程序设计": "65",
    "MySQL数据库管理": "65",
    "前端开发（Vue）": "65",
    "软件测试": "65",
    "Linux系统运维": "65",
    "网络配置与管理": "63",
    "网络安全防护": "65",
    "云平台部署": "65",
    "数据分析与可视化": "65",
    "Hadoop/Spark大数据处理": "65",
    "嵌入式系统开发": "39",
    "物联网平台接入": "65",
    "电子产品装配与调试": "39",
    "PCB设计（Altium Designer）": "39",
    "SMT工艺": "39",
    "机器学习应用": "65",
    "仓储管理": "59",
    "供应链数据分析": "59",
    "WMS系统操作": "59",
    "运输调度": "54",
    "网店运营": "52",
    "直播电商运营": "52",
    "视觉营销设计": "52",
    "会计核算": "72",
    "智能财税": "72",
    "Excel财务建模": "72",
    "税费计算与申报": "72",
    "基础护理技术": "84",
    "老年照护": "85",
    "急救技术": "84",
    "母婴护理": "84",
    "健康评估": "84",
    "建筑信息模型（BIM）": "47",
    "施工测量": "48",
    "工程识图": "47",
    "工程计量与计价": "47",
    "化工单元操作": "26",
    "化工安全生产": "26",
    "化学检验": "26",
    "前厅服务": "61",
    "客房管理": "61",
    "餐饮服务": "62",
    "设施农业技术": "01",
    "植物保护": "01",
    "农产品电商": "52",
    "Office办公软件": "72",
}


class CertificateSpec(NamedTuple):
    code: str
    name: str
    awarding_body: str
    sector: str


CERTIFICATES = (
    CertificateSpec("1X-2019-004", "工业机器人操作与运维", "北京新奥时代科技有限责任公司", "35"),
    CertificateSpec("1X-2020-017", "工业机器人应用编程", "北京赛育达科教有限责任公司", "35"),
    CertificateSpec("1X-2019-011", "数控车铣加工", "武汉华中数控股份有限公司", "34"),
    CertificateSpec("1X-2020-025", "多工序数控机床操作", "北京发那科机电有限公司", "34"),
    CertificateSpec("1X-2020-031", "可编程控制器系统应用编程", "无锡信捷电气股份有限公司", "38"),
    CertificateSpec("1X-2020-040", "智能新能源汽车", "北京中车行高新技术有限公司", "36"),
    CertificateSpec("1X-2019-006", "汽车运用与维修", "北京中车行高新技术有限公司", "81"),
    CertificateSpec("1X-2019-002", "Web前端开发", "工业和信息化部教育与考试中心", "65"),
    CertificateSpec("1X-2019-012", "云计算平台运维与开发", "北京华晟经世信息技术有限公司", "65"),
    CertificateSpec("1X-2019-014", "网络系统建设与运维", "华为技术有限公司", "63"),
    CertificateSpec("1X-2020-008", "大数据应用开发（Python）", "北京东方国信科技股份有限公司", "65"),
    CertificateSpec("1X-2019-013", "传感网应用开发", "北京新大陆时代教育科技有限公司", "39"),
    CertificateSpec("1X-2020-052", "智能硬件应用开发", "杭州朗迅科技有限公司", "39"),
    CertificateSpec("1X-2019-007", "物流管理", "北京中物联物流采购培训中心", "59"),
    CertificateSpec("1X-2019-009", "网店运营推广", "中教畅享（北京）科技有限公司", "52"),
    CertificateSpec("1X-2020-033", "电子商务数据分析", "北京博导前程信息技术股份有限公司", "52"),
    CertificateSpec("1X-2019-010", "智能财税", "中联集团教育科技有限公司", "72"),
    CertificateSpec("1X-2020-045", "业财一体信息化应用", "新道科技股份有限公司", "72"),
    CertificateSpec("1X-2019-005", "老年照护", "北京中福长者文化科技有限公司", "85"),
    CertificateSpec("1X-2020-012", "母婴护理", "济南阳光大姐服务有限责任公司", "84"),
    CertificateSpec("1X-2019-001", "建筑信息模型（BIM）", "廊坊市中科建筑产业化创新研究中心", "47"),
    CertificateSpec("1X-2021-019", "工程造价数字化应用", "广联达科技股份有限公司", "47"),
    CertificateSpec("1X-2020-061", "化工危险与可操作性（HAZOP）分析", "中国化学品安全协会", "26"),
    CertificateSpec("1X-2020-070", "酒店运营管理", "华住酒店管理有限公司", "61"),
    CertificateSpec("1X-2021-033", "农产品电商运营", "北京中农信达信息技术有限公司", "52"),
)


class ProgramSpec(NamedTuple):
    code: str
    name: str
    level: str
    field: str
    sectors: tuple[str, ...]
    skills: tuple[str, ...]
    certificates: tuple[str, ...]


_HV = ProgramLevel.HIGHER_VOCATIONAL
_SV = ProgramLevel.SECONDARY_VOCATIONAL
_UG = ProgramLevel.UNDERGRADUATE
_VU = ProgramLevel.VOCATIONAL_UNDERGRADUATE

# fmt: off
PROGRAMS = (
    # Higher vocational (高职专科)
    ProgramSpec("460305", "工业机器人技术", _HV, "manufacturing", ("35", "34"),
                ("工业机器人编程与调试", "PLC编程", "机器视觉应用", "电气控制系统安装与调试", "传感器与检测技术"),
                ("1X-2019-004", "1X-2020-017")),
    ProgramSpec("460103", "数控技术", _HV, "manufacturing", ("34", "33"),
                ("数控车铣加工", "CAD/CAM软件应用", "机械制图与识图", "精密测量"), ("1X-2019-011", "1X-2020-025")),
    ProgramSpec("460301", "机电一体化技术", _HV, "manufacturing", ("34", "35", "38"),
                ("PLC编程", "液压与气动技术", "电气控制系统安装与调试", "机械制图与识图", "设备维护与故障诊断"),
                ("1X-2020-031",)),
    ProgramSpec("460306", "电气自动化技术", _HV, "manufacturing", ("38", "44"),
                ("PLC编程", "供配电技术", "电气控制系统安装与调试", "变频器与伺服驱动"), ("1X-2020-031",)),
    ProgramSpec("460702", "新能源汽车技术", _HV, "manufacturing", ("36", "38"),
                ("动力电池检测与维护", "汽车电控系统诊断", "高压电安全操作", "汽车维护与保养"), ("1X-2020-040",)),
    ProgramSpec("510203", "软件技术", _HV, "electronics_it", ("65", "64"),
                ("Java Web开发", "Python程序设计", "MySQL数据库管理", "前端开发（Vue）", "软件测试"),
                ("1X-2019-002", "1X-2019-012")),
    ProgramSpec("510202", "计算机网络技术", _HV, "electronics_it", ("63", "65"),
                ("网络配置与管理", "Linux系统运维", "网络安全防护", "云平台部署"), ("1X-2019-014", "1X-2019-012")),
    ProgramSpec("510205", "大数据技术", _HV, "electronics_it", ("65", "64"),
                ("Python程序设计", "数据分析与可视化", "Hadoop/Spark大数据处理", "MySQL数据库管理"), ("1X-2020-008",)),
    ProgramSpec("510102", "物联网应用技术", _HV, "electronics_it", ("39", "65"),
                ("传感器与检测技术", "嵌入式系统开发", "物联网平台接入", "Python程序设计"), ("1X-2019-013",)),
    ProgramSpec("510101", "电子信息工程技术", _HV, "electronics_it", ("39",),
                ("电子产品装配与调试", "嵌入式系统开发", "PCB设计（Altium Designer）", "SMT工艺"), ("1X-2020-052",)),
    ProgramSpec("530802", "现代物流管理", _HV, "business", ("59", "58", "54"),
                ("仓储管理", "供应链数据分析", "WMS系统操作", "运输调度"), ("1X-2019-007",)),
    ProgramSpec("530701", "电子商务", _HV, "business", ("52", "64"),
                ("网店运营", "直播电商运营", "视觉营销设计", "数据分析与可视化"), ("1X-2019-009", "1X-2020-033")),
    ProgramSpec("530302", "大数据与会计", _HV, "business", ("72", "66"),
                ("会计核算", "智能财税", "Excel财务建模", "税费计算与申报"), ("1X-2019-010", "1X-2020-045")),
    ProgramSpec("520201", "护理", _HV, "health", ("84", "85"),
                ("基础护理技术", "老年照护", "急救技术", "母婴护理"), ("1X-2019-005", "1X-2020-012")),
    ProgramSpec("590302", "智慧健康养老服务与管理", _HV, "health", ("85", "84"),
                ("老年照护", "健康评估", "急救技术"), ("1X-2019-005",)),
    ProgramSpec("500211", "汽车检测与维修技术", _HV, "transport", ("81", "36"),
                ("汽车维护与保养", "汽车电控系统诊断", "高压电安全操作"), ("1X-2019-006",)),
    ProgramSpec("440301", "建筑工程技术", _HV, "construction", ("47", "48"),
                ("建筑信息模型（BIM）", "施工测量", "工程识图"), ("1X-2019-001",)),
    ProgramSpec("440501", "工程造价", _HV, "construction", ("47", "72"),
                ("工程计量与计价", "建筑信息模型（BIM）", "工程识图"), ("1X-2021-019", "1X-2019-001")),
    ProgramSpec("470201", "应用化工技术", _HV, "chemical", ("26", "27"),
                ("化工单元操作", "化工安全生产", "化学检验"), ("1X-2020-061",)),
    ProgramSpec("540106", "酒店管理与数字化运营", _HV, "hospitality", ("61", "62"),
                ("前厅服务", "客房管理", "餐饮服务"), ("1X-2020-070",)),
    ProgramSpec("410101", "现代农业技术", _HV, "agriculture", ("01",),
                ("设施农业技术", "植物保护", "农产品电商"), ("1X-2021-033",)),
    # Secondary vocational (中职)
    ProgramSpec("660301", "机电技术应用", _SV, "manufacturing", ("34", "38"),
                ("PLC编程", "电气控制系统安装与调试", "机械制图与识图"), ("1X-2020-031",)),
    ProgramSpec("660103", "数控技术应用", _SV, "manufacturing", ("34", "33"),
                ("数控车铣加工", "机械制图与识图", "精密测量"), ("1X-2019-011",)),
    ProgramSpec("660303", "工业机器人技术应用", _SV, "manufacturing", ("35",),
                ("工业机器人编程与调试", "PLC编程", "电气控制系统安装与调试"), ("1X-2019-004",)),
    ProgramSpec("710201", "计算机应用", _SV, "electronics_it", ("65",),
                ("Office办公软件", "网络配置与管理", "Python程序设计"), ("1X-2019-002",)),
    ProgramSpec("710102", "电子技术应用", _SV, "electronics_it", ("39",),
                ("电子产品装配与调试", "SMT工艺"), ("1X-2020-052",)),
    ProgramSpec("730701", "电子商务", _SV, "business", ("52",),
                ("网店运营", "视觉营销设计", "直播电商运营"), ("1X-2019-009",)),
    ProgramSpec("730301", "会计事务", _SV, "business", ("72",),
                ("会计核算", "Excel财务建模", "Office办公软件"), ("1X-2019-010",)),
    ProgramSpec("720201", "护理", _SV, "health", ("84",),
                ("基础护理技术", "急救技术", "老年照护"), ("1X-2019-005",)),
    ProgramSpec("700206", "汽车运用与维修", _SV, "transport", ("81",),
                ("汽车维护与保养", "汽车电控系统诊断"), ("1X-2019-006",)),
    ProgramSpec("740201", "高星级饭店运营与管理", _SV, "hospitality", ("61", "62"),
                ("前厅服务", "客房管理", "餐饮服务"), ("1X-2020-070",)),
    ProgramSpec("640301", "建筑工程施工", _SV, "construction", ("47",),
                ("施工测量", "工程识图"), ("1X-2019-001",)),
    ProgramSpec("670201", "化学工艺", _SV, "chemical", ("26",),
                ("化工单元操作", "化工安全生产"), ()),
    ProgramSpec("610101", "现代农艺技术", _SV, "agriculture", ("01",),
                ("设施农业技术", "植物保护"), ()),
    # Undergraduate (本科), with the T (special) and K (state-controlled) suffixes of the catalogue
    ProgramSpec("080202", "机械设计制造及其自动化", _UG, "manufacturing", ("34", "35"),
                ("SolidWorks三维建模", "机械制图与识图", "有限元分析", "PLC编程"), ()),
    ProgramSpec("080204", "机械电子工程", _UG, "manufacturing", ("35", "34"),
                ("PLC编程", "传感器与检测技术", "嵌入式系统开发", "SolidWorks三维建模"), ()),
    ProgramSpec("080803T", "机器人工程", _UG, "manufacturing", ("35",),
                ("工业机器人编程与调试", "机器视觉应用", "ROS机器人开发", "Python程序设计"), ("1X-2020-017",)),
    ProgramSpec("080207", "车辆工程", _UG, "manufacturing", ("36",),
                ("SolidWorks三维建模", "汽车电控系统诊断", "有限元分析"), ()),
    ProgramSpec("080601", "电气工程及其自动化", _UG, "manufacturing", ("38", "44"),
                ("供配电技术", "PLC编程", "变频器与伺服驱动"), ()),
    ProgramSpec("080701", "电子信息工程", _UG, "electronics_it", ("39", "63"),
                ("嵌入式系统开发", "PCB设计（Altium Designer）", "Python程序设计"), ()),
    ProgramSpec("080901", "计算机科学与技术", _UG, "electronics_it", ("65", "64"),
                ("Java Web开发", "Python程序设计", "MySQL数据库管理", "Linux系统运维"), ("1X-2019-012",)),
    ProgramSpec("080902", "软件工程", _UG, "electronics_it", ("65",),
                ("Java Web开发", "前端开发（Vue）", "软件测试", "MySQL数据库管理"), ("1X-2019-002",)),
    ProgramSpec("080910T", "数据科学与大数据技术", _UG, "electronics_it", ("65", "64"),
                ("Python程序设计", "Hadoop/Spark大数据处理", "数据分析与可视化", "机器学习应用"), ("1X-2020-008",)),
    ProgramSpec("080717T", "人工智能", _UG, "electronics_it", ("65",),
                ("Python程序设计", "机器学习应用", "机器视觉应用"), ()),
    ProgramSpec("120601", "物流管理", _UG, "business", ("59", "58"),
                ("仓储管理", "供应链数据分析", "运输调度"), ("1X-2019-007",)),
    ProgramSpec("120203K", "会计学", _UG, "business", ("72", "66"),
                ("会计核算", "税费计算与申报", "Excel财务建模"), ("1X-2020-045",)),
    ProgramSpec("120801", "电子商务", _UG, "business", ("52", "64"),
                ("网店运营", "数据分析与可视化", "直播电商运营"), ("1X-2020-033",)),
    ProgramSpec("101101", "护理学", _UG, "health", ("84",),
                ("基础护理技术", "急救技术", "健康评估"), ()),
    ProgramSpec("081001", "土木工程", _UG, "construction", ("48", "47"),
                ("施工测量", "建筑信息模型（BIM）", "工程识图"), ("1X-2019-001",)),
    ProgramSpec("081301", "化学工程与工艺", _UG, "chemical", ("26", "27"),
                ("化工单元操作", "化学检验", "化工安全生产"), ()),
    ProgramSpec("120902", "酒店管理", _UG, "hospitality", ("61", "62"),
                ("前厅服务", "客房管理", "餐饮服务"), ("1X-2020-070",)),
    # Vocational undergraduate (职业本科)
    ProgramSpec("260303", "机器人技术", _VU, "manufacturing", ("35", "34"),
                ("工业机器人编程与调试", "机器视觉应用", "PLC编程", "ROS机器人开发"), ("1X-2020-017",)),
    ProgramSpec("260701", "新能源汽车工程技术", _VU, "manufacturing", ("36", "38"),
                ("动力电池检测与维护", "汽车电控系统诊断", "高压电安全操作"), ("1X-2020-040",)),
    ProgramSpec("310203", "软件工程技术", _VU, "electronics_it", ("65",),
                ("Java Web开发", "前端开发（Vue）", "软件测试", "云平台部署"), ("1X-2019-002",)),
    ProgramSpec("310205", "大数据工程技术", _VU, "electronics_it", ("65", "64"),
                ("Python程序设计", "Hadoop/Spark大数据处理", "数据分析与可视化"), ("1X-2020-008",)),
    ProgramSpec("330801", "现代物流管理", _VU, "business", ("59", "58"),
                ("仓储管理", "供应链数据分析", "WMS系统操作"), ("1X-2019-007",)),
    ProgramSpec("320201", "护理", _VU, "health", ("84", "85"),
                ("基础护理技术", "健康评估", "老年照护"), ("1X-2019-005",)),
)
# fmt: on

# Years, age at enrolment and practice requirements per level.
LEVEL_DURATION = {_SV: 3, _HV: 3, _UG: 4, _VU: 4}
LEVEL_ENROLMENT_AGE = {_SV: 15, _HV: 18, _UG: 18, _VU: 18}
LEVEL_PRACTICAL_SHARE = {_SV: (0.50, 0.62), _HV: (0.50, 0.60), _UG: (0.25, 0.35), _VU: (0.50, 0.56)}
LEVEL_PRACTICE_HOURS = {_SV: (600, 960), _HV: (720, 1200), _UG: (320, 640), _VU: (800, 1200)}
LEVEL_INTAKE = {_SV: (40, 160), _HV: (50, 300), _UG: (60, 240), _VU: (40, 120)}
# Share of students who are women, by field (nursing is mostly women, machining mostly men).
FIELD_FEMALE_SHARE = {
    "manufacturing": 0.2,
    "electronics_it": 0.35,
    "business": 0.65,
    "health": 0.88,
    "transport": 0.15,
    "construction": 0.3,
    "chemical": 0.4,
    "hospitality": 0.7,
    "agriculture": 0.45,
}

PUBLIC_COURSES = {
    _SV: (("思想政治", 6, 0), ("语文", 8, 0)),
    _HV: (("思想道德与法治", 3, 0.5), ("高等数学", 4, 0)),
    _UG: (("马克思主义基本原理", 3, 0.5), ("大学英语", 8, 0)),
    _VU: (("思想道德与法治", 3, 0.5), ("工程数学", 4, 0)),
}
INTERNSHIP_COURSE = ("岗位实习", 24, 24)
INDUSTRY_STANDARDS = {
    "manufacturing": (
        "GB/T 12642-2013 工业机器人 性能规范及其试验方法",
        "GB/T 5226.1-2019 机械电气安全 机械电气设备 第1部分：通用技术条件",
        "GB/T 19001-2016 质量管理体系 要求",
    ),
    "electronics_it": (
        "GB/T 8567-2006 计算机软件文档编制规范",
        "GB/T 22239-2019 信息安全技术 网络安全等级保护基本要求",
        "GB/T 25000.51-2016 系统与软件质量要求和评价",
    ),
    "business": ("GB/T 18354-2021 物流术语", "企业会计准则（财政部）", "GB/T 35411-2017 电子商务平台产品信息展示要求"),
    "health": ("WS/T 431-2023 护理分级标准", "WS/T 313-2019 医务人员手卫生规范"),
    "transport": ("GB/T 18344-2016 汽车维护、检测、诊断技术规范", "GB 18384-2020 电动汽车安全要求"),
    "construction": ("GB 50300-2013 建筑工程施工质量验收统一标准", "GB/T 51212-2016 建筑信息模型应用统一标准"),
    "chemical": ("GB 30871-2022 危险化学品企业特殊作业安全规范", "GB/T 24001-2016 环境管理体系 要求及使用指南"),
    "hospitality": ("GB/T 14308-2023 旅游饭店星级的划分与评定",),
    "agriculture": ("NY/T 2970-2016 连栋温室建设标准",),
}
INTERNSHIP_STANDARD = "《职业学校学生实习管理规定》（教职成〔2021〕4号）"

# ------------------------------------------------------------------------------
# Cooperation texts
# ------------------------------------------------------------------------------
AGREEMENT_TITLES = {
    AgreementKind.INTERNSHIP_BASE: "{college}与{enterprise}校外实习基地共建协议",
    AgreementKind.ORDER_CLASS: "{brand}订单班（{program}）合作协议",
    AgreementKind.MODERN_APPRENTICESHIP: "{program}专业现代学徒制合作协议（{brand}）",
    AgreementKind.INDUSTRIAL_COLLEGE: "{college}{brand}产业学院共建协议",
    AgreementKind.CO_BUILT_TRAINING_BASE: "{college}—{brand}{field}实训基地共建协议",
    AgreementKind.JOINT_RD: "{topic}技术联合研发协议（{college}—{brand}）",
    AgreementKind.STAFF_EXCHANGE: "{college}与{enterprise}双师型教师互聘协议",
}
AGREEMENT_PURPOSES = {
    AgreementKind.INTERNSHIP_BASE: "共建校外实习基地，接收学生岗位实习",
    AgreementKind.ORDER_CLASS: "按企业用人需求联合招生、联合培养并定向录用",
    AgreementKind.MODERN_APPRENTICESHIP: "实行校企双导师、工学交替的现代学徒制培养",
    AgreementKind.INDUSTRIAL_COLLEGE: "共建产业学院，共同开发课程、共组教学团队",
    AgreementKind.CO_BUILT_TRAINING_BASE: "共同投资建设生产性实训基地并共享使用",
    AgreementKind.JOINT_RD: "围绕企业技术难题联合攻关并转化成果",
    AgreementKind.STAFF_EXCHANGE: "企业技术骨干到校任教、专业教师到企业实践",
}
AGREEMENT_YEARS = {
    AgreementKind.INTERNSHIP_BASE: (3, 5),
    AgreementKind.ORDER_CLASS: (3, 3),
    AgreementKind.MODERN_APPRENTICESHIP: (3, 4),
    AgreementKind.INDUSTRIAL_COLLEGE: (5, 5),
    AgreementKind.CO_BUILT_TRAINING_BASE: (5, 8),
    AgreementKind.JOINT_RD: (2, 3),
    AgreementKind.STAFF_EXCHANGE: (1, 2),
}
MILESTONES = {
    AgreementKind.INTERNSHIP_BASE: ("签订协议并举行实习基地揭牌", "首批实习生进岗", "实习中期检查", "年度实习总结"),
    AgreementKind.ORDER_CLASS: ("订单班学生遴选", "联合制定订单班培养方案", "订单班企业课程开课", "订单班学生录用"),
    AgreementKind.MODERN_APPRENTICESHIP: ("双导师团队组建", "学徒岗位标准制定", "学徒轮岗考核", "出师考核"),
    AgreementKind.INDUSTRIAL_COLLEGE: ("产业学院理事会成立", "共建课程上线", "年度产教融合报告", "产业学院中期评估"),
    AgreementKind.CO_BUILT_TRAINING_BASE: ("建设方案论证", "实训设备安装验收", "实训基地投入使用", "年度使用率评估"),
    AgreementKind.JOINT_RD: ("项目立项与任务书签订", "中期技术评审", "样机或系统验证", "成果鉴定与专利申请"),
    AgreementKind.STAFF_EXCHANGE: ("企业工程师到校任教", "教师企业实践", "互聘人员年度考核"),
}
EVIDENCE_FORMATS = (
    "会议纪要 JH{year}-{number:03d}",
    "验收报告 YS-{year}-{number:03d}",
    "签到表及现场照片（档案号 {year}{number:04d}）",
    "双方盖章确认函 QR-{year}-{number:03d}",
)
TERMINATION_REASONS = (
    "企业经营调整，无法继续提供约定的实习岗位",
    "合作企业发生安全生产事故，学校暂停合作并终止协议",
    "双方就实习补贴标准未能达成一致",
    "企业整体搬迁至外市，学生通勤与住宿无法保障",
    "相关专业停止招生，协议内容已无对应学生",
    "企业未按约定为实习学生购买实习责任保险",
)
CANCELLATION_REASONS = (
    "学生因病休学",
    "学生转入其他实习单位",
    "企业岗位调整，无法继续安排实习",
    "学生应征入伍",
    "实习单位安全防护措施未落实，学校终止实习",
)
CERTIFICATION_REJECTIONS = (
    "近三年校企合作投入未达到认定标准",
    "申报的合作协议未经合作院校确认",
    "存在未整改的安全生产行政处罚记录",
)
CERTIFICATION_REVOCATIONS = (
    "连续两年未完成年度产教融合合作任务",
    "发生较大安全生产事故",
    "申报材料弄虚作假",
)
INVESTMENT_DESCRIPTIONS = {
    "equipment": "捐赠{field}实训设备",
    "training_base": "{field}实训基地建设投入",
    "scholarship": "设立{brand}奖学金",
    "curriculum": "共同开发{field}课程及活页式教材",
    "teacher_training": "承办{field}专业教师企业实践",
    "research": "{field}技术联合攻关经费",
}
COMMITMENT_DESCRIPTIONS = {
    "slots": "每年提供实习（学徒）岗位",
    "money": "投入合作经费（元）",
    "equipment": "投入设备（按价值计，元）",
    "hires": "录用毕业生",
    "teaching_hours": "派出人员授课或指导（学时）",
}
EVALUATION_COMMENTS = (
    "",
    "工作认真，能按时完成任务。",
    "操作规范，安全意识强。",
    "主动学习新工艺，进步明显。",
    "团队协作好，沟通需加强。",
    "对设备原理理解深入，可承担独立岗位。",
)
RATING_COMMENTS = ("", "沟通顺畅，响应及时。", "岗位安排与专业契合度高。", "资料交付偶有延迟。", "期待扩大合作规模。")

# ------------------------------------------------------------------------------
# Lookups derived from the tables above
# ------------------------------------------------------------------------------
# The field (college focus) a sector belongs to: that of the first program aiming at it.
SECTOR_FIELDS = {sector: spec.field for spec in reversed(PROGRAMS) for sector in spec.sectors}
