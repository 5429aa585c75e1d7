import GleanText

/// The word lists the Chinese recognizer decides by.
enum ChineseWords {
    /// Organisation heads, longest first where one ends another.
    static let organisationHeads: [String] = [
        "股份有限公司", "有限责任公司", "有限公司", "代表大会", "军方", "海军", "陆军", "空军", "集团公司", "公司", "集团", "委员会", "常委会", "协会", "学会", "联合会", "基金会", "商会", "研究院",
        "研究所", "研究中心", "科学院", "大学", "学院", "中学", "小学", "医院", "银行", "法院", "检察院", "人民政府", "政府", "总局", "管理局", "局",
        "部", "厅", "署", "办公室", "办事处", "俱乐部", "交易所", "事务所", "出版社", "电视台", "广播电台", "工作室", "组织", "联盟", "党", "中心",
        "基地", "工厂", "厂", "店", "队", "院", "所", "社", "处", "站", "馆", "台", "委", "办",
    ]
    /// Heads that need two name characters before them (single characters too common as words).
    static let weakHeads: Set<String> = ["局", "部", "厅", "署", "党", "中心", "基地", "厂", "店", "队", "军", "院", "所", "社", "处", "站", "馆", "台", "委", "办", "组织", "政府"]
    /// Words that end in a head without being organisations.
    static let notOrganisations: Set<String> = [
        "全部", "内部", "外部", "局部", "部分", "部门", "干部", "总部", "本部", "头部", "底部", "顶部", "东部", "西部", "南部", "北部", "中部", "腹部", "胸部",
        "面部", "背部", "各部", "该部", "俱乐部", "结局", "格局", "布局", "大局", "当局", "出局", "开局", "时局", "政局", "战局", "牌局", "饭局",
        "中心", "核心", "重心", "市中心", "党", "政党", "入党", "全党", "军", "冠军", "亚军", "季军", "将军", "大军", "参军", "进军", "空军", "海军", "陆军",
        "队", "团队", "球队", "部队", "军队", "排队", "车队", "舰队", "梯队", "领队", "院", "法院", "医院", "学院", "剧院", "影院", "庭院", "住院",
        "出院", "所", "场所", "住所", "厕所", "诊所", "处", "好处", "到处", "之处", "处处", "各处", "此处", "站", "车站", "网站", "车厂", "工厂", "商店",
        "书店", "酒店", "饭店", "分店", "门店", "馆", "场馆", "展馆", "台", "平台", "舞台", "电台", "后台", "前台", "阳台", "出台", "上台", "下台",
        "公司", "分公司", "子公司", "母公司", "本公司", "该公司", "集团", "政府", "银行", "大学", "协会", "委员会", "社", "公社", "报社", "旅行社",
        "组织", "基地", "办", "委", "学会", "商会", "联盟", "总局", "管理局", "学院", "大学", "中学", "小学", "研究所", "研究院", "办公室", "出版社",
    ]
    /// Place heads: a name before them is a place or an address (海淀区, 文汇路).
    static let placeHeads: [String] = ["特别行政区", "自治区", "自治州", "自治县", "省", "市", "县", "区", "镇", "乡", "村", "州", "路", "街", "大街", "大道", "巷", "胡同", "广场", "小区", "新城", "公园", "机场", "车站"]
    static let weakPlaceHeads: Set<String> = ["省", "市", "县", "区", "镇", "乡", "村", "州", "路", "街", "巷"]
    /// Where an organisation or person name cannot run through: function words and common verbs.
    static let breakCharacters = ScalarSet(Array("的了在是和与及或对向从被把将由为于等也都就而并这那其该各每我你他她它们说称让使给到以已曾又再还更最很没个位名次有致祝".unicodeScalars))
    /// Words that end a name on their left ("近日国家广播电视总局" starts at 国家).
    static let leftBoundaries: [String] = [
        "近日", "日前", "目前", "今天", "昨天", "今年", "去年", "明年", "此前", "随后", "同时", "此外", "另外", "其中", "包括", "来自", "通过", "根据", "按照",
        "参加", "举办", "主办", "承办", "成立", "发布", "宣布", "召开", "联合", "携手", "加入", "进入", "访问", "表示", "指出", "认为", "介绍", "报道",
        "消息", "记者", "据悉", "据了解", "以及",
        "担任", "出任", "任职", "就职", "领导", "支持", "推动", "倡议", "发起", "启动", "推出", "公布", "印发", "出台", "颁布", "批准", "审议", "会同",
    ]
    /// Words after a name that make it a person's (说, 表示, 教授 …).
    static let personAfter: [String] = [
        "先生", "女士", "小姐", "教授", "博士", "老师", "同志", "主席", "总理", "总统", "部长", "书记", "市长", "省长", "局长", "主任", "经理", "董事长",
        "总裁", "院长", "校长", "委员", "代表", "导演", "编剧", "表示", "指出", "认为", "介绍", "说", "称", "强调", "透露", "坦言", "告诉", "回忆", "解释",
        "说道", "笑道", "问道", "答道", "等人", "一行", "夫妇", "本人", "曾", "则", "也", "还", "又", "便", "就", "却", "带领", "会见", "出席",
        "获得", "主演", "执导", "担任", "出任", "当选",
    ]
    /// Words before a name that make it a person's (记者, 主席, 演员 …).
    static let personBefore: [String] = [
        "记者", "通讯员", "主席", "总理", "总统", "部长", "书记", "市长", "省长", "局长", "主任", "经理", "董事长", "总裁", "院长", "校长", "教授", "博士",
        "导演", "编剧", "演员", "主演", "歌手", "作家", "选手", "球员", "教练", "队长", "主帅", "老师", "同学", "律师", "医生", "专家", "委员", "代表",
        "创始人", "负责人", "发言人", "助理", "总领事", "领事", "州长", "副部长", "副主席", "副总理", "副市长", "副省长", "外交官", "官员", "首席执行官", "CEO", "先生", "女士", "总经理", "副总经理", "董事", "秘书长", "会长", "理事长", "局长", "厅长", "处长",
        "科长", "警官", "民警", "法官", "检察官", "大使", "外长", "国务卿", "首相", "议员", "作者", "画家", "诗人", "明星", "网友", "粉丝", "村民",
    ]
    /// One-character names of countries and regions, as in 中美, 驻华, 美方.
    static let countryCharacters = ScalarSet(Array("中美日俄英法德韩朝印巴台港澳华越泰加澳意西葡荷瑞希土伊埃墨".unicodeScalars))
    /// Verbs before a one-character country name (驻美, 访华, 来华, 赴美).
    static let visitVerbs = ScalarSet(Array("驻访来赴离抵旅在".unicodeScalars))
    /// Titles after a bare surname (江主席, 李总理).
    static let titlesAfterSurname: [String] = [
        "主席", "总理", "总统", "副总理", "部长", "书记", "省长", "市长", "县长", "局长", "厅长", "处长", "科长", "主任", "委员长", "院长", "校长", "教授",
        "老师", "先生", "女士", "小姐", "同志", "总", "董", "经理", "总裁", "大使", "将军", "司令", "队长", "教练", "师傅", "医生", "律师", "博士",
    ]
    /// Characters typical of transliterated foreign names (克林顿, 特朗普, 马斯克).
    static let transliteration = ScalarSet(Array("阿埃艾爱安奥巴贝本比彼波伯布查达戴德迪蒂杜多厄恩法菲费弗福盖戈格古哈汉豪赫亨霍基吉加杰金卡凯坎考科克肯库拉莱赖兰劳勒雷里利莉林卢鲁路伦罗洛马迈麦曼梅蒙米明莫姆穆纳内尼涅努诺帕佩皮普奇乔切萨塞桑瑟森沙尚史舒斯松苏索塔泰坦汤特图托瓦维温沃乌西希谢辛休雅亚扬耶伊尤约泽扎詹朱兹佐娜娅莎丽黛琳妮薇琪露理威廉易保罗得翰治姆玛白莉丝蕾伍尔茨格夫诺默顿曼斯普京勃列戈登".unicodeScalars))
    /// Suffixes after a place name that keep it a place (北京市, 浙江省).
    static let placeSuffixes = ScalarSet(Array("省市县区州镇乡村".unicodeScalars))
    /// Heads of a 《》 title that make it an outlet, not a work (《人民日报》).
    static let outletTitleHeads: [String] = ["日报", "晚报", "早报", "时报", "周报", "商报", "报", "周刊", "杂志", "月刊", "画报", "学报"]
    /// Events: names ending in these.
    static let eventHeads: [String] = ["大会", "论坛", "峰会", "博览会", "展览会", "交易会", "运动会", "奥运会", "亚运会", "世界杯", "锦标赛", "联赛", "音乐节", "电影节", "艺术节", "文化节", "节", "周", "赛", "展", "会议", "研讨会", "发布会", "年会", "晚会", "大赛", "盛典", "庆典", "仪式"]
    static let weakEventHeads: Set<String> = ["节", "周", "赛", "展", "会议"]
    static let notEvents: Set<String> = ["春节", "节日", "季节", "环节", "情节", "细节", "关节", "章节", "调节", "节目", "节约", "本周", "每周", "上周", "下周", "周年", "比赛", "决赛", "预赛", "半决赛", "会议", "展览", "发展", "进展", "开展", "拓展", "扩展", "施展", "大会", "晚会", "盛会", "中秋节", "国庆节"]

    // The lists above as phrase tries, for matching without strings.
    static let organisationHeadList = PhraseList(organisationHeads)
    static let eventHeadList = PhraseList(eventHeads)
    static let placeHeadList = PhraseList(placeHeads)
    static let leftBoundaryList = PhraseList(leftBoundaries)
    static let personAfterList = PhraseList(personAfter)
    static let personBeforeList = PhraseList(personBefore)
    static let titlesAfterSurnameList = PhraseList(titlesAfterSurname)
    static let weakHeadList = PhraseList(Array(weakHeads))
    static let weakEventHeadList = PhraseList(Array(weakEventHeads))
    static let weakPlaceHeadList = PhraseList(Array(weakPlaceHeads))
    /// Words an organisation's name may start with before a verb-like word (国家|广播电视总局).
    static let nameOpeners = PhraseList(["国家", "中国", "全国", "中央", "中共", "国务院", "中华"])
}
