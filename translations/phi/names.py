"""Find people's names in English, Chinese, Malay and Tamil leaflet text.

A name on its own is rarely certain ("Lim" is a surname and a road; 高 starts
高血压), so a name is reported only where something around it says "person":

* an honorific or title before it (Mr, Mdm, Dr, Encik, Puan, Haji, Dato',
  திரு., திருமதி, செல்வி) or after it (先生, 女士, 小姐, 阿姨, 太太, 医生);
* a label (Patient, Name:, Nama:, Pesakit, 患者, 病人, 姓名：, நோயாளி, பெயர்:);
* a patronymic inside it (bin, binti, bte, s/o, d/o, a/l, a/p);
* its own shape: a Chinese surname with a given name of two syllables
  (Tan Ah Kow, Lim Siew Mei, 王秀兰), or a Chinese name followed by sex or age
  (王秀兰，女，68岁).

and not where the words around it say "place": a hospital, school, road or
station named after a person (Tan Tock Seng Hospital, 陈笃生医院, Lim Chu
Kang, Jalan Tan Tock Seng, Tan Tock Seng MRT) is not a person.

The detector reads the normalised view of ``normalise.py`` (ASCII letters for
look-alikes, plain spaces), so it sees "Mr" whatever characters spelt it.
Spans cover the name only, not the honorific: "Mr [PERSON_1]" still tells a
model how to translate the title (先生 goes after the name in Chinese).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

# --- Latin-script names -------------------------------------------------------------
# A name token: a capitalised word (Tan, O'Brien, D'Cruz, Siew-Mei, Nur) or an
# all-capitals one (TAN) where the context allows. Eurasian names carry
# lower-case particles (Mary de Souza, Joseph da Silva).
_CAP = r"(?:Mc[A-Z][a-z]+|[A-Z]['\u2019][A-Z][a-z]+|[A-Z][a-z]+(?:-[A-Za-z][a-z]*)*)"
_UPPER = r"[A-Z]{2,}(?:['-][A-Z]+)*"
_PARTICLE = r"(?:de|da|dos|das|del|della|van|von|le|la|de la|d'|al|el)"
_CONNECTOR = r"(?:bin|binti|bte|bt|b\.|s/o|d/o|a/l|a/p|BIN|BINTI|BTE|S/O|D/O|A/L|A/P)"

_TOKEN = re.compile(rf"(?:{_PARTICLE} )?(?:{_CAP}|{_UPPER})(?![A-Za-z0-9])")
_TOKEN_GAP = re.compile(r"[ \t]{1,3}")
_CONNECTOR_AT = re.compile(rf"{_CONNECTOR}\.?[ \t]+")

# Honorifics and titles that come before a name. Matched case-sensitively as
# people write them (Mr, MR, mr.), not "miss" the verb or "ms" for milliseconds.
_HONORIFICS = (
    "Mr|MR|mr|Mrs|MRS|mrs|Mdm|MDM|mdm|Madam|MADAM|Ms|MS|Miss|MISS|Mister|Dr|DR|Doctor|Prof|Professor|"
    "Encik|ENCIK|En|Puan|PUAN|Pn|Cik|CIK|Tuan|TUAN|Tn|Haji|HAJI|Hj|HJ|Hajah|HAJAH|Hjh|HJH|"
    "Dato' Sri|Dato'|DATO'|Dato|Datuk|DATUK|Datin|DATIN|Tan Sri|Puan Sri|Toh Puan|Sir|Dame|"
    "Auntie|Aunty|Uncle|Nurse|Sister|Ah Ma|Ah Gong|Ah Pek|Ah Soh"
)
_HONORIFIC_WORD = re.compile(rf"(?:{_HONORIFICS})\.?")
# No lookbehind in front: a pattern that starts with literals lets the regex
# engine skip ahead fast; the boundary before the match is checked in Python.
_HONORIFIC = re.compile(rf"(?:{_HONORIFICS})(?:\.|(?![A-Za-z']))[ \t]*(?=[A-Z])")
# Labels a form or a pasted note puts before a name. "Name" and "Nama" only
# with a colon ("Name of medicine:" is not a name; neither is "name the drug").
_LABEL = re.compile(
    r"(?<![A-Za-z])(?:"
    r"(?:Patient|PATIENT|Pesakit|PESAKIT)(?:'s|\u2019s)?(?:[ \t]+(?:[Nn]ame|NAME|[Nn]ama|NAMA))?[ \t]*[:\-]?"
    r"|(?:Name|NAME|Nama|NAMA|Full [Nn]ame|FULL NAME|Nama [Pp]enuh|Nama [Pp]esakit|Name of [Pp]atient|"
    r"Next of [Kk]in|NOK|Waris|Caregiver|Penjaga)[ \t]*:"
    r")[ \t]*(?=[A-Z])"
)

# Capitalised words that follow a title or a label but are not names: roles,
# leaflet vocabulary, days and months, function words of title-case headings.
_NOT_A_NAME_WORDS = frozenset(
    """
    a an the and or but if of on in at to for from by with without about after before as is are was were be been
    will would can could should may might must shall do does did has have had not no yes please your you our my
    his her their its this that these those who whom what when where which why how all any each every some
    i we he she they it me us him them here there also only just more most less very too so than then now
    today tomorrow yesterday tonight week weeks month months year years day days hour hours minute minutes
    monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    on duty call calls appointment appointments consultation consult clinic clinics office department dept
    ward wards unit team staff nurse nurses doctor doctors dr physician specialist surgeon pharmacist pharmacy
    hospital hospitals polyclinic centre center service services information info leaflet guide care
    home health medical medicine medicines medication medications drug drugs dose doses tablet tablets
    capsule capsules injection treatment treatments test tests result results report reports record records
    instructions instruction advice note notes form forms number no. contact details address phone email
    emergency urgent general family public private community national singapore malaysia
    and/or new old first second next last other same good bad high low normal
    covid coronavirus virus flu fever pain diabetes cancer asthma stroke heart blood sugar pressure
    admission admitted discharge discharged review follow follow-up visit visits visiting hours
    information leaflet sheet summary overview introduction question questions answer answers faq
    what's how's don't do's can't won't it's let's here's there's
    ada akan anda atau bagi dalam dan dengan dari di ini itu jika juga ke kepada oleh pada sila untuk yang
    tidak jangan boleh perlu sebelum selepas semasa kami saya kita mereka ia beliau hari minggu bulan tahun
    doktor jururawat klinik hospital ubat rawatan temujanji maklumat bahagian pusat
    """.split()
)

# Words after a name that make it a place or an institution named after a
# person: Tan Tock Seng Hospital, Lee Kong Chian School, Tan Tock Seng MRT.
_PLACE_AFTER = frozenset(
    """
    hospital hosp polyclinic clinic clinics centre center medical general community memorial specialist
    school schools primary secondary junior college university institute academy kindergarten library
    road rd street st avenue ave drive crescent cres close lane lorong way walk link park estate village
    gardens garden hill hills rise heights terrace view place circle circus grove boulevard bridge
    expressway highway flyover interchange station mrt lrt bus terminal depot stop market mall plaza
    building bldg tower towers hall house mansion mansions court complex square point hub centrepoint
    temple church mosque masjid foundation fund trust society association home homes nursing hospice
    ward wing block blk tower campus industrial estate town new food fc sports stadium
    capsule capsules tablet tablets granules syrup pill pills cream ointment oil tea powder mixture tonic
    kapsul pil ubat minyak teh serbuk
    pte ltd sdn bhd inc co company group clinic's hospital's
    """.split()
)
# Words before a name that make it a street or a place (Jalan Tan Tock Seng).
_PLACE_BEFORE = frozenset(
    """
    jalan jln lorong lor lebuh lebuhraya persiaran lengkok lingkaran taman kampong kampung kg bukit bt
    pulau pasir tanjong tanjung sungei sungai mount mt upper lower
    """.split()
)

# Singapore and Malaysian places and institutions whose names are people's
# names in their own right; context-free romanised names starting with one of
# these are places.
_PERSON_NAMED_PLACES = (
    "Tan Tock Seng",
    "Lim Chu Kang",
    "Choa Chu Kang",
    "Chua Chu Kang",
    "Ang Mo Kio",
    "Tan Quee Lan",
    "Boon Lay",
    "Kim Seng",
    "Eu Tong Sen",
    "Chin Swee",
    "Lee Kong Chian",
    "Yong Loo Lin",
    "Khoo Teck Puat",
    "Ng Teng Fong",
    "Lee Ah Mooi",
    "Tan Boon Liat",
    "Kim Keat",
    "Lim Tua Tow",
    "Tan Kah Kee",
    "Lee Kuan Yew",
    "Ong Teng Cheong",
    "Lim Bo Seng",
    "Loke Yew",
    "Yap Kwan Seng",
    "Tan Cheng Lock",
    "Ho Ching",
    "Yio Chu Kang",
    "Seng Kang",
    "Wee Nam",
    "Lim Teck Kim",
    "Tan Chin Tuan",
    "Tan Tye",
    "Koh Sek Lim",
    "Teo Hong",
)

# Chinese surnames in the romanisations used in Singapore and Malaysia
# (Hokkien, Teochew, Cantonese, Hakka, Hainanese) and in Hanyu Pinyin.
_ROMAN_SURNAMES = frozenset(
    """
    Tan Lim Lee Ng Ong Wong Goh Chua Chan Koh Teo Ang Yeo Tay Ho Low Toh Sim Chong Chia Seah Foo Leong Lau
    Yap Quek Heng Pang Soh Neo Chew Kwek Kwok Liew Loh Phua Poh Tang Wee Yong Chin Chiang Choo Chow Chu Fong
    Gan Han Hong Hoo Khoo Kok Kong Kuah Lai Lam Leow Lew Lin Ling Liu Lo Loo Lum Mok Oh Ooi Pek Peh Pua Sng
    Sia Siew Soo Sun Tang Tee Teh Tey Thong Tio Tng Tsang Wang Woo Wu Yee Yeoh Yew Yip Yu Yue Zhang Zhao Zhou
    Chen Huang Xu Li Liang Luo Gao Zheng Xie Song Feng Deng Cao Peng Zeng Xiao Tian Dong Pan Yuan Cai Jiang Du
    Ye Cheng Wei Su Lu Ding Ren Shen Yao Jin Fu Zhong Tao Hu Guo He Ma Zhu Yang Xia Qian Qiu Kang Hou Meng Fang
    Shi Wan Bai Qin Duan Lei Long Jia Xue Yan Kuang Kee Khor Khaw Kho Keh Kew Kua Kwa Kwan Leng Leo Liao
    Lok Mah Mak Ngiam Ngo Ow Pay Quah Seet Seow Shum Siah Tham Thia Tok Wan Yin Yong Yuen Yum Aw Au
    """.split()
)

# One syllable of a romanised Chinese given name: Ah, Kow, Siew, Mei, Kar,
# Wai, Tock, Seng, Xiu, Ying, Zhi, Hao, Jun... (an optional initial, a vowel
# nucleus, an optional final). "Hospital", "Clinic" and most English words
# do not fit; "Ten" or "Man" do, so a context-free name needs two syllables.
_SYLLABLE = re.compile(
    r"(?:ch|sh|zh|ts|ng|kh|th|ph|[bcdfghjklmnpqrstwxyz])?(?:h)?(?:[yw])?"
    r"(?:iao|iau|uai|uei|ai|ao|au|aw|ay|ee|ei|eo|eu|ew|ia|ie|io|iu|oa|oe|oi|oo|ou|ow|oy|ua|ue|ui|uo|ye|yu|[aeiou])"
    r"(?:ng|ck|n|m|k|p|t|h|r)?"
)
_NOT_A_GIVEN_SYLLABLE = frozenset(
    "ten man men can the ran run sun son tin pin bin ban sin win tan pan fan hat but not cut hot pot mat "
    "cat bat sat set get let met net pet wet bet yet bit fit hit kit sit wit put nut out how now new few "
    "may say pay way day bay hay lay ray see bee fee tee who why two too she he we me be go so no do to "
    "you yes her his him our oh ok up us on in it at is as an am of or if by my".split()
)


def _syllables(word: str) -> int:
    """How many Chinese syllables ``word`` is (0: not one or two syllables)."""
    lower = word.lower().replace("-", "").replace("'", "")
    if lower in _NOT_A_GIVEN_SYLLABLE:
        return 0
    if _SYLLABLE.fullmatch(lower):
        return 1
    for cut in range(1, len(lower)):
        if _SYLLABLE.fullmatch(lower[:cut]) and _SYLLABLE.fullmatch(lower[cut:]):
            return 2
    return 0


_ROMAN_NAME = re.compile(
    r"(?:" + "|".join(sorted(_ROMAN_SURNAMES, key=len, reverse=True)) + r")"
    r"(?:[ \t]+[A-Z][a-z]{0,6}(?:-[A-Za-z][a-z]{0,5})?){1,3}(?![A-Za-z0-9])"
)

# --- Chinese characters -----------------------------------------------------------------
# Common Chinese surnames, simplified and traditional (and the two-character
# ones first, so 欧阳 is not read as 欧 + 阳).
_HAN_COMPOUND_SURNAMES = (
    "欧阳 歐陽 司马 司馬 上官 诸葛 諸葛 东方 東方 皇甫 尉迟 尉遲 公孙 公孫 慕容 令狐 司徒 夏侯 长孙 長孫 宇文 "
    "轩辕 軒轅 端木 西门 西門 南宫 南宮 独孤 獨孤 申屠 澹台 澹臺 公冶 呼延 万俟 钟离 鍾離"
).split()
_HAN_SURNAMES = frozenset(
    "王李张張刘劉陈陳杨楊黄黃赵趙吴吳周徐孙孫马馬朱胡郭何高林罗羅郑鄭梁谢謝宋唐许許韩韓冯馮邓鄧曹彭曾肖萧蕭田"
    "董潘袁蔡蒋蔣余于杜叶葉程魏苏蘇吕呂丁任沈姚卢盧姜崔钟鍾谭譚陆陸汪范金石廖贾賈夏韦韋付傅方白邹鄒孟熊秦邱"
    "江尹薛闫閻段雷侯龙龍史陶黎贺賀顾顧毛郝龚龔邵万萬钱錢严嚴覃武戴莫孔汤湯向常温溫康施文牛樊葛邢安齐齊易乔喬"
    "伍庞龐颜顏倪庄莊聂聶章鲁魯岳翟殷詹申欧歐耿关關兰蘭焦俞左柳甘祝包宁寧尚符舒阮柯纪紀梅童凌毕畢单單季裴霍"
    "涂成苗谷盛曲翁冉骆駱蓝藍路游辛靳管柴蒙鲍鮑华華喻祁蒲房滕屈饶饒解牟艾尤阳陽时時穆农農卓古吉缪繆简簡车車"
    "项項连連芦蘆麦麥褚娄婁窦竇戚岑景党宫宮费費卜冷晏席卫衛米柏宗瞿桂全佟应應臧闵閔苟邬鄔边邊卞姬师師和仇栾欒"
    "隋商刁沙荣榮巫寇桑郎甄丛叢仲虞敖巩鞏明佘池查麻苑迟遲邝鄺官封谈談匡鞠惠荆荊乐樂冀郁胥南班储儲原栗燕楚鄢劳勞"
    "谌諶奚皮粟冼蔺藺楼樓盘盤满滿闻聞位厉厲仝区區郜海阚闞花权權强強帅帥屠豆朴朴盖蓋练練廉禹井祖漆巴丰支卿"
    "狄平计計索宣晋晉相初门門云雲容敬来來扈晁芮都普阙闕浦戈伏鹿薄邸雍辜羊阿乌烏母裘亓修邰赫杭况況那宿鲜鮮印逯"
    "隆茹诸諸战戰慕危玉银銀亢嵇公哈湛宾賓戎勾茅於呼居揭干尉冶元束檀衣信展阴陰昝智幸奉植衡富尧堯闭閉由"
)
# Surnames that are also everyday function words (向医生 "to the doctor",
# 于 "at", 和 "and"): with no given name between them and a title they are
# not read as a surname.
_HAN_FUNCTION_SURNAMES = frozenset("向于於和由将將为為应應全经經其从從同时時当當与與代主之以及把被给給让讓对對在")
# Characters common in given names and rare at the start of ordinary words
# after a surname character, so 王秀兰 is a name and 高血压, 黄疸, 王府井 are not.
_GIVEN = frozenset(
    "秀兰蘭英华華芳玲丽麗美梅珍珠敏静靜婷雪慧淑娟琴凤鳳霞燕萍红紅莲蓮桂月云雲香翠妹娥琳倩颖穎怡欣佳嘉诗詩"
    "思晓曉晶莹瑩璐瑶瑤琪琦瑜瑛薇蕾菲菁芬芸苗茹荣榮蓉莉莎惠巧妮娜媛婉姝姗姍妍娇嬌婕嫣嫦岚嵐彤馨黛青碧翠"
    "明伟偉强強军軍杰傑志国國建文辉輝宇浩俊峰锋鋒涛濤斌彬波海鹏鵬飞飛鑫磊勇刚剛毅超健康平安福禄祿寿壽喜"
    "金银銀宝寶贵貴富昌盛兴興旺荣德仁义義礼禮智信忠孝廉诚誠勤俭儉良善顺順祥瑞庆慶吉泰宁寧亮光耀辰晨"
    "春夏秋冬松柏竹梓杨楊林森桦樺楠槿枫楓棠柳桐榕泽澤洋江河湖清源渊淵涵润潤沛淳浚滨濱溪鸿鴻鹤鶴鸣鳴龙龍"
    "凯凱博学學才成达達立新一子家天振世永长長小大少中正元民生祖德仲伯叔季兆恩耀威雄豪杰奇骏駿骐騏麟"
    "彦彥昊晖暉旭昕曦昱晟景晗晴皓煜烨燁炜煒炳焕煥灿燦烈然轩軒俊睿哲贤賢聪聰颂頌豪锦錦绍紹继繼承启啟"
    "冠桦裕祯禎禧祺琛瑾璇璋珏玮瑋琼瓊玉环環珊琬璟婧婷姣娴嫻妙淑惠慈爱愛心如若依诗雅韵韻丹桃李"
    "卓伦倫伶俐佩仪儀宜容蓓蕊萱菊荷兰娅婭妤姿娉姮嫚珺瑗琰瑄琇琍佑祐纯純维維纬緯绮綺绣繡素丝絲彩"
    "勋勳铭銘钧鈞锐銳镇鎮铁鐵钢鋼铮錚鉴鑒键鍵闻聞阳陽阿亨宏弘彪征德政敬昆坤培基堂坚堅城增垚耀均"
)
# Given-name characters that almost never start or end an ordinary word: a
# three-character name standing on its own needs one of them (王秀兰, 陈美玲,
# 李伟强), so 和美国, 向中国, 卫生健 and 关键基 are not names.
_GIVEN_STRONG = frozenset(
    "秀兰蘭玲娟婷慧淑霞燕萍莲蓮桂翠娥琳倩颖穎怡欣诗詩莹瑩璐瑶瑤琪琦瑜瑛薇蕾菲菁芬芸茹蓉莉莎妮娜媛婉姝姗姍妍娇嬌"
    "婕嫣岚嵐彤馨黛伟偉杰傑峰涛濤斌彬鹏鵬鑫磊勇刚剛毅辉輝俊浩宇昊晖暉旭昕曦昱晟晗皓煜烨燁炜煒灿燦轩軒睿哲贤賢"
    "聪聰锦錦琛瑾璇璋玮瑋琼瓊珊璟婧凤鳳丽麗梅珍敏静靜雪琴红紅娣妹芳英华華玉霖骏駿麟彦彥鸿鴻泓淑贞貞"
)
# Characters of transliterated foreign names (麦克白, 伊斯兰, 华盛顿): a
# "name" next to one of them is part of a foreign word.
_TRANSLITERATION = frozenset("斯克尔爾特尼维維罗羅拉达達莎娜亚亞伊塞萨薩索塔纳納蒂迪德顿頓森逊遜默麦麥普")
# Country names end in 国 (英国, 美国): 万英国 is "10,000 British", not a name.
_COUNTRY = re.compile(
    "[英美中韩韓泰法德俄各全两兩本外王民祖爱愛帝举舉回出入归歸]国|[英美中韩韓泰法德俄各全两兩本外王民祖爱愛帝举舉回出入归歸]國"
)
_HAN = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
_HAN_SURNAME = "(?:" + "|".join(_HAN_COMPOUND_SURNAMES) + "|[" + "".join(sorted(_HAN_SURNAMES)) + "])"
_HAN_GIVEN = "[" + "".join(sorted(_GIVEN)) + "]"

# Titles after a name: 王先生, 陈秀英女士, 林医生. 先生 followed by 活 or 成 is
# 先 + 生活 / 生成 (原先生活 "the life before"), not a title.
_HAN_TITLES = (
    "先生(?![活成产產长長存效育命物理病还還出死前下来來日])|女士|小姐(?!姐)|阿姨|太太|夫人|医生|醫生|大夫|护士|護士|"
    "老师|老師|伯伯|阿伯|婆婆|阿婆|阿公|叔叔|嬷嬷|嫲嫲|教授|同学|同學|师傅|師傅|姐姐|哥哥"
)
_HAN_TITLED = re.compile(rf"({_HAN_SURNAME})({_HAN}{{0,2}}?)(?:{_HAN_TITLES})")
# Labels before a name (患者王秀兰, 姓名：陈美玲). With a colon the name may be
# any two to four characters after a surname; without one, the given name must
# look like one (患者需要 is "the patient needs").
_HAN_LABEL = re.compile(
    r"(?:患者|病人|病患|伤者|傷者|患儿|患兒|产妇|產婦|死者|家属|家屬|孕妇|孕婦|老人家)(?:姓名)?[ \t]*([:：]?)[ \t]*"
    rf"({_HAN_SURNAME})({_HAN}{{1,2}})"
    r"|(?:姓名|名字|名称为|叫做|名叫)[ \t]*([:：]|是|为|為)?[ \t]*"
    rf"({_HAN_SURNAME})({_HAN}{{1,2}})"
)
# A name with sex or age after it: 王秀兰，女，68岁 / 陈伟（男，45岁）.
_HAN_WITH_SEX = re.compile(
    rf"({_HAN_SURNAME})({_HAN_GIVEN}{_HAN}?)(?=[，,、（( ]*[男女](?:性|士)?[，,、）) ]|[，,、（( ]*[0-9]{{1,3}}岁)"
)
# Cheap searches first (literals): most Chinese text has no title, sex or age.
_HAN_TITLE_WORDS = re.compile(
    r"先生|女士|小姐|阿姨|太太|夫人|医生|醫生|大夫|护士|護士|老师|老師|伯伯|阿伯|婆婆|阿婆|阿公|叔叔|嬷嬷|嫲嫲|教授|同学|同學|师傅|師傅|姐姐|哥哥"
)
_HAN_SEX_OR_AGE = re.compile(r"[男女]|岁")
# A three-character name on its own: surname and two given-name characters.
_HAN_FULL = re.compile(rf"({_HAN_SURNAME})({_HAN_GIVEN}{{2}})")
# Three characters that read as a name but are common words or places.
_HAN_NOT_NAMES = frozenset(
    """
    王府井 高明度 黄金期 金银花 文明建 安全性 安全感 高强度 高中生 高兴地 成长期 平安夜 方便面 和平 白兰地
    石家庄 江西省 江苏省 海南省 黄冈市 安宁市 宁夏 温和地 温柔地 温暖的 常见于 常年 康复期 于是乎 向日葵
    明天 明年 明显 明星 时间 时光 和谐 金华 金融 华人 中华 国家 国际 文化 文学 文件 高兴 高级 高度 高峰
    黄金 黄色 白色 白天 白云 石头 安静 安心 安全 方法 方式 方面 江河 海洋 海外 海滨 龙舟 马上 马来 谷歌
    成人 成年 成功 成立 成长 成长 成熟 任何 万一 万岁 关心 关爱 童年 易于 常常 康宁 宋体 程序
    华盛顿 毛泽东 孙中山 邓小平 马来西 马克思 林肯郡 金正恩 司马迁 诸葛亮 江泽民 钱学森 周恩来 胡锦涛
    """.split()
)

# --- Tamil ------------------------------------------------------------------------------------
_TA_WORD = r"[\u0b80-\u0bff]+(?:\.[\u0b80-\u0bff]+)*"
# திரு. / திருமதி / செல்வி / டாக்டர் before a name. திரு without a dot or
# a space after it starts திருமணம், திருப்தி: only the separate word counts.
_TA_HONORIFIC = re.compile(
    r"(?<![\u0b80-\u0bff])(?:திருமதி|திரு|செல்வி|டாக்டர்|Dr|Mr|Mrs|Mdm|Ms)"
    r"(?:\.[ \t]*|[ \t]+)"
    r"(?=[\u0b80-\u0bffA-Z])"
)
_TA_LABEL = re.compile(
    r"(?<![\u0b80-\u0bff])(?:நோயாளி(?:யின்[ \t]+பெயர்|[ \t]+பெயர்)?(?![\u0b80-\u0bff])[ \t]*([:\-]?)"
    r"|பெயர்(?![\u0b80-\u0bff])[ \t]*([:\-]))[ \t]*(?=[\u0b80-\u0bffA-Z])"
)
# An initial before a Tamil name: க. கமலா, ஆர். சுரேஷ், K. Kamala.
_TA_INITIAL = re.compile(r"(?:[\u0b80-\u0bff]{1,3}|[A-Z])\.[ \t]*")
_TA_TOKEN = re.compile(r"[\u0b80-\u0bff]+")
# Words after நோயாளி or டாக்டர் that are not names ("the patient must",
# "doctor's advice"): verbs, adverbs and nouns common in health text.
_TA_NOT_NAMES = frozenset(
    """
    உடனடியாக உடனே மருத்துவமனைக்கு மருத்துவமனையில் மருத்துவரை மருத்துவரிடம் மருத்துவர் மருத்துவரின் ஆலோசனை
    ஆலோசனைப்படி ஆலோசனையின்படி அறிவுரை பரிந்துரை பரிந்துரைத்த சிகிச்சை சிகிச்சைக்கு சிகிச்சையில் வீட்டில் வீட்டிற்கு
    தனிமைப்படுத்தப்பட்ட தனிமையில் இருக்க இருந்தால் இருக்கும் இருப்பார் இருந்தார் ஆவார் என்று என்பது என்ற ஒரு
    அவர் அவருக்கு அவரது அவரை அவர்கள் நீங்கள் உங்கள் உங்களுக்கு எனக்கு நான் நாம் நாங்கள் இந்த அந்த இது அது
    மற்றும் அல்லது ஆனால் மேலும் எனவே பின்னர் முன் முதல் வரை போது பிறகு காரணமாக மூலம் உடன் இல்லை வேண்டும்
    வேண்டாம் கூடாது முடியும் முடியாது தேவை தேவையில்லை எப்போதும் தினமும் தினசரி காலை மாலை இரவு நாள் நாட்கள்
    நீரிழிவு நீரிழிவுநோய் புற்றுநோய் ஆஸ்துமா இதய இரத்த உயர் குறைந்த சர்க்கரை டெங்கு நிமோனியா கோவிட்
    வாரம் மாதம் ஆண்டு மருந்து மருந்துகள் மாத்திரை மாத்திரைகள் ஊசி இன்சுலின் காய்ச்சல் இருமல் வலி நோய் நோயின்
    அறிகுறிகள் அறிகுறி பரிசோதனை சோதனை முடிவு முடிவுகள் பற்றி குறித்து தொடர்பு எண் தகவல் விவரங்கள் விவரம்
    குறித்த குணமடைந்த குணமடைந்தார் அனுமதிக்கப்பட்டார் அனுமதிக்கப்பட்ட வெளியேற்றப்பட்டார் பார்க்க பார்த்து கேட்க சொல்லுங்கள்
    கூறினார் கூறுகிறார் தெரிவித்தார் மட்டும் மட்டுமே கூட கொண்ட கொண்டு சென்று வந்து வந்தால் செய்ய செய்து
    """.split()
)


@dataclass(frozen=True)
class NameOverrides:
    """Names an author has cleared for one leaflet, kept as digests (never the name)."""

    scope: str
    digests: frozenset[str]

    def covers(self, name: str) -> bool:
        return name_digest(name, scope=self.scope) in self.digests


def canonical_name(name: str) -> str:
    """The form two writings of a name share: case folded, spaces collapsed,
    a possessive and surrounding punctuation dropped ("Lim's" and "LIM" are "lim")."""
    from translations.phi.normalise import normalise

    text = normalise(name).text.casefold()
    text = re.sub(r"['\u2019]s\b", "", text)
    return " ".join(re.sub(r"[^\w/'.-]+", " ", text).split()).strip(".-' ")


def name_digest(name: str, *, scope: str) -> str:
    """SHA-256 of a name in one scope (a leaflet): what an override stores
    instead of the name, so the table and the audit trail never hold it."""
    return hashlib.sha256(f"phi-person:{scope}:{canonical_name(name)}".encode()).hexdigest()


def find_person_names(text: str, *, allowed_names: Iterable[str] = ()) -> list[tuple[int, int]]:
    """Spans of people's names in ``text`` (a normalised view), sorted, not overlapping.

    A name inside an occurrence of one of ``allowed_names`` (staff and
    organisations a leaflet names on purpose: "Dr Lim", "Lee Ah Mooi Old Age
    Home") is left out; "Mdm Lim" is still a name when only "Dr Lim" is allowed.
    """
    found: list[tuple[int, int]] = []
    if _may_hold_latin_names(text):
        found += _latin_names(text)
    for start, end in _han_windows(text):
        found += ((s + start, e + start) for s, e in _han_names(text[start:end]))
    if _TA_ANY.search(text):
        found += _tamil_names(text)
    if not found:
        return []
    spans = _merge(found)
    allowed = _allowed_pattern(tuple(sorted({n.strip() for n in allowed_names if n and n.strip()})))
    if allowed is not None:
        covered = [(m.start(), m.end()) for m in allowed.finditer(text)]
        spans = [s for s in spans if not any(a <= s[0] and s[1] <= b for a, b in covered)]
    return spans


_TA_ANY = re.compile(r"[\u0b80-\u0bff]")
_LATIN_TRIGGERS = re.compile(
    r"[MDPEHTCSNAU][a-zA-Z]|/[oOlLpP]|\b(?:bin|binti|bte|bt)\b|[A-Z][a-z]+ [A-Z][a-z]+", re.ASCII
)


# Chinese characters, and what lies between them on the same line when it is short.
_HAN_RUN = re.compile(rf"{_HAN}(?:[^\n]{{0,12}}{_HAN})*")


def _han_windows(text: str) -> list[tuple[int, int]]:
    """Stretches of ``text`` around its Chinese characters (with room for a
    label's colon or ", 女, 68岁" after a name); the Chinese patterns have no
    literal to skip ahead on, so they read only these."""
    windows: list[tuple[int, int]] = []
    for m in _HAN_RUN.finditer(text):
        start, end = max(0, m.start() - 4), min(len(text), m.end() + 12)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


def _may_hold_latin_names(text: str) -> bool:
    return _LATIN_TRIGGERS.search(text) is not None


@lru_cache(maxsize=16)
def _allowed_pattern(names: tuple[str, ...]) -> re.Pattern[str] | None:
    if not names:
        return None
    from translations.phi.normalise import normalise

    alternatives = []
    for name in sorted(names, key=len, reverse=True):
        words = normalise(name).text.split()
        alternatives.append(r"[ \t]+".join(re.escape(w).replace(r"\.", r"\.?") for w in words))
    return re.compile(
        r"(?<![A-Za-z0-9])(?:" + "|".join(alternatives) + r")(?:['\u2019]s)?(?![A-Za-z0-9])", re.IGNORECASE
    )


# --- Latin script ---------------------------------------------------------------------------------
def _latin_names(text: str) -> list[tuple[int, int]]:
    found = []
    for m in _HONORIFIC.finditer(text):
        if _glued(text, m.start()):
            continue
        span = _name_after(text, m.end(), allow_upper=True, max_tokens=4)
        if span:
            found.append(span)
    for m in _LABEL.finditer(text):
        labelled_with_colon = m.group(0).rstrip().endswith((":", "-"))
        span = _name_after(text, m.end(), allow_upper=labelled_with_colon, max_tokens=4)
        if span:
            found.append(span)
    for m in _CONNECTOR_RE.finditer(text):
        span = _patronymic(text, m)
        if span:
            found.append(span)
    for m in _ROMAN_NAME.finditer(text):
        if _glued(text, m.start()):
            continue
        span = _romanised(text, m)
        if span:
            found.append(span)
    return found


_CONNECTOR_RE = re.compile(rf"(?<=[A-Za-z][ \t])(?:{_CONNECTOR})\.?[ \t]+(?=[A-Z])")


def _glued(text: str, start: int) -> bool:
    """Whether the match at ``start`` continues a word (xMr, O'Tan)."""
    return start > 0 and (text[start - 1].isascii() and (text[start - 1].isalnum() or text[start - 1] == "'"))


def _is_name_token(word: str) -> bool:
    bare = word.split(" ")[-1]
    return bare.casefold().strip("'") not in _NOT_A_NAME_WORDS and not _looks_like_a_drug(bare)


def _name_after(text: str, at: int, *, allow_upper: bool, max_tokens: int) -> tuple[int, int] | None:
    """The run of name tokens starting at ``at`` (connectors such as bin and
    s/o inside it), stopped by a word that is not a name; None if none."""
    start, end, count, pos = at, at, 0, at
    while count < max_tokens:
        m = _TOKEN.match(text, pos)
        if not m:
            break
        word = m.group(0)
        if (word.isupper() and len(word) > 1 and not allow_upper) or not _is_name_token(word):
            break
        if count and word.split(" ")[-1].casefold() in _PLACE_AFTER:
            # "Dr Tan Tock Seng Hospital": a place after all.
            return None
        end, count = m.end(), count + 1
        gap = _TOKEN_GAP.match(text, end)
        if not gap:
            break
        pos = gap.end()
        conn = _CONNECTOR_AT.match(text, pos)
        if conn:
            after = _TOKEN.match(text, conn.end())
            if after and _is_name_token(after.group(0)):
                pos, count = conn.end(), min(count, max_tokens - 2)
    if not count:
        return None
    if _place_follows(text, end):
        return None
    return start, end


def _place_follows(text: str, end: int) -> bool:
    m = re.match(r"[ \t]+([A-Za-z']+)", text[end : end + 24])
    return bool(m and m.group(1).casefold() in _PLACE_AFTER)


def _place_precedes(text: str, start: int) -> bool:
    m = re.search(r"([A-Za-z]+)\.?[ \t]+$", text[max(0, start - 16) : start])
    return bool(m and m.group(1).casefold() in _PLACE_BEFORE)


def _patronymic(text: str, m: re.Match[str]) -> tuple[int, int] | None:
    # Up to three name words before the connector and after it.
    left = m.start()
    start = left
    words = 0
    while words < 3:
        before = re.search(rf"(?:{_CAP}|{_UPPER})[ \t]+$", text[max(0, start - 30) : start])
        if not before:
            break
        word = before.group(0).strip()
        if not _is_name_token(word) or _HONORIFIC_WORD.fullmatch(word):
            break
        start -= len(before.group(0))
        words += 1
    if not words:
        return None
    span = _name_after(text, m.end(), allow_upper=True, max_tokens=3)
    if span is None:
        return None
    if _place_precedes(text, start):
        return None
    return start, span[1]


def _romanised(text: str, m: re.Match[str]) -> tuple[int, int] | None:
    words = m.group(0).split()
    surname, given = words[0], []
    for word in words[1:]:
        if word.casefold() in _NOT_A_NAME_WORDS or not _syllables(word):
            break
        given.append(word)
    if sum(_syllables(w) for w in given) < 2:
        return None
    name = " ".join([surname, *given])
    if any(name.startswith(place) or place.startswith(name) for place in _PERSON_NAMED_PLACES):
        return None
    end = m.start() + len(m.group(0).split(given[-1], 1)[0]) + len(given[-1])
    # A name inside a run of capitalised words (a title-case heading, an
    # institution) has something capitalised before or after it.
    if _place_follows(text, end) or _place_precedes(text, m.start()):
        return None
    return m.start(), end


_DRUG_ENDINGS = (
    "mab",
    "pril",
    "sartan",
    "statin",
    "olol",
    "azole",
    "cillin",
    "mycin",
    "floxacin",
    "prazole",
    "formin",
    "gliptin",
    "dipine",
    "tidine",
    "zepam",
    "azepam",
    "oxetine",
    "vir",
    "semide",
    "thiazide",
    "cycline",
    "profen",
    "amol",
    "phen",
    "cort",
    "sone",
    "solone",
    "lukast",
    "tropium",
    "terol",
    "parin",
    "xaban",
    "gatran",
    "farin",
    "zosin",
    "glitazone",
    "gliflozin",
    "glutide",
    "insulin",
    "caine",
)
_DRUG_NAMES = frozenset(
    """
    panadol paracetamol aspirin ibuprofen metformin insulin warfarin amoxicillin augmentin ventolin
    salbutamol prednisolone omeprazole lipitor atorvastatin simvastatin amlodipine losartan nifedipine
    glipizide gliclazide januvia forxiga jardiance ozempic lantus novorapid mixtard humulin clopidogrel
    plavix aspirin cardiprin frusemide lasix allopurinol colchicine zyrtec clarityne piriton loratadine
    cetirizine chlorpheniramine diclofenac voltaren arcoxia celebrex tramadol codeine morphine gabapentin
    lyrica pregabalin sertraline fluoxetine escitalopram lexapro zoloft xanax valium panadeine nurofen
    strepsils difflam betadine dettol vaseline sudocrem zinc vitamin calcium iron folic oral
    """.split()
)


def _looks_like_a_drug(word: str) -> bool:
    lower = word.casefold()
    return lower in _DRUG_NAMES or (len(lower) > 6 and lower.endswith(_DRUG_ENDINGS))


# --- Chinese characters -------------------------------------------------------------------------------
def _every(pattern: re.Pattern[str], text: str) -> Iterable[re.Match[str]]:
    """Matches starting at every position, overlapping ones included: in
    和王先生 the match from 和 is rejected and the one from 王 is the name."""
    pos = 0
    while (m := pattern.search(text, pos)) is not None:
        yield m
        pos = m.start() + 1


def _han_names(text: str) -> list[tuple[int, int]]:
    found = []
    titled = _HAN_TITLE_WORDS.search(text) is not None
    for m in _every(_HAN_TITLED, text) if titled else ():
        surname, given = m.group(1), m.group(2)
        if not given and surname in _HAN_FUNCTION_SURNAMES:
            continue
        if given and not all(ch in _GIVEN for ch in given[:1]):
            # 高血压医生? Only given names that read as names.
            continue
        if _foreign_word_around(text, m.start(1), m.end(2)):
            continue
        found.append((m.start(1), m.end(2)))
    for m in _every(_HAN_LABEL, text):
        colon, surname_group = (m.group(1), 2) if m.group(2) else (m.group(4), 5)
        s, given = m.group(surname_group), m.group(surname_group + 1)
        if s in _HAN_FUNCTION_SURNAMES and not colon:
            continue
        if not colon:
            # Without a colon the given name must read as one (患者需要 no, 患者王秀兰 yes).
            if given[0] not in _GIVEN:
                continue
            if len(given) == 2 and given[1] not in _GIVEN:
                given = given[:1]
        found.append((m.start(surname_group), m.start(surname_group) + len(s) + len(given)))
    for m in _every(_HAN_WITH_SEX, text) if _HAN_SEX_OR_AGE.search(text) else ():
        found.append((m.start(1), m.end(2)))
    for m in _every(_HAN_FULL, text):
        candidate = m.group(0)
        if m.group(1) in _HAN_FUNCTION_SURNAMES or not (_GIVEN_STRONG & set(m.group(2))):
            continue
        if _COUNTRY.search(candidate) or _foreign_word_around(text, m.start(), m.end()):
            continue
        if candidate in _HAN_NOT_NAMES or candidate[:2] in _HAN_NOT_NAMES or candidate[1:] in _HAN_NOT_NAMES:
            continue
        if _han_place_follows(text, m.end()):
            continue
        found.append((m.start(), m.end()))
    # 陈笃生医院 (Tan Tock Seng Hospital): a name before a place word is a place.
    return [(s, e) for s, e in found if not _han_place_follows(text, e)]


def _foreign_word_around(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    return before in _TRANSLITERATION or after in _TRANSLITERATION


_HAN_PLACE_AFTER = re.compile(
    r"(?:综合|綜合|社区|社區|纪念|紀念)?(?:医院|醫院|诊所|診所|综合诊疗所|中学|中學|小学|小學|学校|學校|大学|大學|学院|學院|"
    r"路|街|道|大道|巷|村|镇|鎮|站|地铁站|公园|公園|大厦|大廈|中心|基金会|基金會|图书馆|圖書館|医学院|醫學院|"
    r"县|縣|市|省|区|區|山|河|湖|桥|橋|楼|樓|堂|庙|廟|寺|集团|集團|公司|药|藥|片|胶囊|膠囊)"
)


def _han_place_follows(text: str, end: int) -> bool:
    return _HAN_PLACE_AFTER.match(text, end) is not None


# --- Tamil ------------------------------------------------------------------------------------------------
def _tamil_names(text: str) -> list[tuple[int, int]]:
    found = []
    for m in _TA_HONORIFIC.finditer(text):
        span = _tamil_name_after(text, m.end(), strict=m.group(0).startswith("டாக்டர்"))
        if span:
            found.append(span)
    for m in _TA_LABEL.finditer(text):
        span = _tamil_name_after(text, m.end(), strict=not (m.group(1) or m.group(2)))
        if span:
            found.append(span)
    return found


def _tamil_name_after(text: str, at: int, *, strict: bool) -> tuple[int, int] | None:
    if text[at : at + 1].isascii():
        return _name_after(text, at, allow_upper=True, max_tokens=3)
    pos = at
    initial = _TA_INITIAL.match(text, pos)
    if initial:
        pos = initial.end()
    first = _TA_TOKEN.match(text, pos)
    if not first or first.group(0) in _TA_NOT_NAMES or first.group(0).endswith(_TA_SANDHI):
        return None
    if strict and (len(first.group(0)) < 3 or first.group(0).endswith(_TA_INFLECTED + _TA_VERBAL)):
        # After "நோயாளி" with no colon, a verb or a case form is the
        # sentence going on ("நோயாளி ஒருவருக்கு", "the patient, to one").
        return None
    end = first.end()
    # A second word is part of the name (the father's name, a surname) unless
    # it is a common word or inflected as a verb or a case form, which a name
    # in the nominative is not; the verb ending a Tamil sentence always is.
    gap = _TOKEN_GAP.match(text, end)
    if gap:
        second = _TA_TOKEN.match(text, gap.end())
        if second and second.group(0) not in _TA_NOT_NAMES and not second.group(0).endswith(_TA_INFLECTED):
            end = second.end()
    return at, end


# Endings of Tamil verbs and case forms that a name (in the nominative) does
# not have: -ார் (honorific verb), -ும், -து, -க்கு, -இல், -ஆல்...
# A word ending in a doubled consonant joins the next word (மருத்துவப் பணி):
# an adjective or a case form, not a name.
_TA_SANDHI = ("க்", "ச்", "த்", "ப்")
_TA_VERBAL = ("ட்ட", "ந்த", "படி", "ப்பு", "தல்", "ப்படுத்த")
_TA_INFLECTED = ("ார்", "ும்", "து", "க்கு", "ில்", "ால்", "ுடன்", "ிடம்", "ை", "ின்", "ாக", "ான்", "ாள்", "ப்படும்")


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching name spans become one (a patronymic found from
    both its honorific and its connector)."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(set(spans)):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
            continue
        merged.append((start, end))
    return merged
