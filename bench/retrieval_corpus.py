"""A small retrieval benchmark: sources written for it from public health-information topics, and queries.

Twelve topics (dengue, fever in children, hand-foot-mouth disease, diabetes
and diet, high blood pressure, asthma inhalers, antibiotics, vaccination, heat
illness, wound care, COVID-19 isolation, medicines and food), one source per
topic in each of English, Simplified Chinese, Malay and Tamil, each of several
passages. The texts were written for this benchmark from general public health
advice; they are not copied from any publication and are not clinical
guidance.

Queries are phrased the way an author's brief or a patient's question would
be, not in the passages' wording, and each names the passage(s) that answer
it as "topic#position" (positions from 1). Every passage is one paragraph of
under 600 characters ending like a sentence, so workbench.sources keeps it as
one passage and the positions hold (bench/retrieval_bench.py checks it).
"""

from __future__ import annotations

TOPICS = (
    "dengue",
    "child_fever",
    "hfmd",
    "diabetes_diet",
    "blood_pressure",
    "asthma_inhaler",
    "antibiotics",
    "vaccination",
    "heat_illness",
    "wound_care",
    "covid_isolation",
    "medicines_food",
)

PUBLISHER = "Retrieval benchmark (written for the workbench)"

# language -> topic -> (title, [passages])
SOURCES: dict[str, dict[str, tuple[str, list[str]]]] = {
    "en": {
        "dengue": (
            "Dengue fever",
            [
                "Dengue is a viral infection spread by the bite of infected Aedes mosquitoes, which bite mostly "
                "during the day. Common signs are a sudden high fever, severe headache, pain behind the eyes, muscle "
                "and joint pain, and a rash.",
                "There is no specific medicine for dengue. Rest, drink plenty of fluids, and take paracetamol for "
                "fever and pain. Do not take aspirin or ibuprofen, because they can increase the risk of bleeding.",
                "Go to the emergency department at once if you have bleeding gums or nose, black stools, repeated "
                "vomiting, severe abdominal pain, or feel very drowsy or restless. These warning signs often appear "
                "as the fever goes down.",
                "Prevent mosquito breeding at home: empty standing water from pails, flower pot plates and roof "
                "gutters every week. Use insect repellent and wear long sleeves when outdoors.",
            ],
        ),
        "child_fever": (
            "Fever in children",
            [
                "A fever is a body temperature of 38°C or higher. In children it is usually caused by a common viral "
                "infection and often settles within three days.",
                "Keep your child comfortable in light clothing and give small, frequent drinks. You may give "
                "paracetamol at the dose on the label for the child's weight; never give aspirin to children.",
                "See a doctor urgently if a baby under three months has a fever, or if your child has a fit, a stiff "
                "neck, a rash that does not fade when pressed, difficulty breathing, or is hard to wake.",
            ],
        ),
        "hfmd": (
            "Hand, foot and mouth disease",
            [
                "Hand, foot and mouth disease is a common viral illness in young children. It causes fever, painful "
                "mouth ulcers, and small blisters on the palms, soles and buttocks.",
                "The virus spreads through saliva, fluid from blisters and faeces. Wash hands with soap after "
                "changing diapers, and do not share cups, spoons or towels.",
                "Keep a sick child at home and away from childcare or school until all blisters have dried. Give "
                "soft, cool food and enough fluids; see a doctor if the child refuses to drink or passes little "
                "urine.",
            ],
        ),
        "diabetes_diet": (
            "Eating well with diabetes",
            [
                "If you have diabetes, eat regular meals and do not skip them, especially if you take insulin or "
                "tablets that lower blood sugar.",
                "Fill half your plate with vegetables, a quarter with wholegrains such as brown rice, and a quarter "
                "with lean protein like fish, tofu or chicken. Choose plain water instead of sweet drinks.",
                "Low blood sugar can cause shaking, sweating, hunger and confusion. If this happens, take 15 grams "
                "of fast-acting sugar, such as half a glass of fruit juice, and check your sugar again after 15 "
                "minutes.",
            ],
        ),
        "blood_pressure": (
            "High blood pressure",
            [
                "High blood pressure often causes no symptoms, so many people do not know they have it. Over time "
                "it can damage the heart, brain, kidneys and eyes.",
                "Reduce salt by cooking with less sauce and avoiding processed foods, stay active for at least 150 "
                "minutes a week, keep a healthy weight and stop smoking.",
                "Take your blood pressure medicine every day, even when you feel well. Do not stop it on your own; "
                "talk to your doctor if you have side effects such as dizziness or ankle swelling.",
            ],
        ),
        "asthma_inhaler": (
            "Using asthma inhalers",
            [
                "Your reliever inhaler opens the airways quickly during an asthma attack. Your preventer inhaler "
                "reduces swelling in the airways and must be used every day, even when you have no symptoms.",
                "To use a metered-dose inhaler, shake it, breathe out fully, seal your lips around the mouthpiece, "
                "press once while breathing in slowly and deeply, then hold your breath for ten seconds. A spacer "
                "helps more medicine reach the lungs.",
                "Rinse your mouth with water after using a steroid preventer to avoid thrush. Seek help at once if "
                "your reliever does not help or you are too breathless to speak.",
            ],
        ),
        "antibiotics": (
            "Antibiotics",
            [
                "Antibiotics kill bacteria but do not work against viruses, so they do not help colds, flu or most "
                "sore throats and coughs.",
                "If you are prescribed antibiotics, finish the course exactly as instructed, even if you feel "
                "better earlier. Never share antibiotics or keep leftovers for later.",
                "Using antibiotics when they are not needed helps bacteria become resistant, so that infections "
                "become harder to treat in future. Tell your doctor about any allergy to penicillin.",
            ],
        ),
        "vaccination": (
            "Vaccination",
            [
                "Vaccines train the immune system to recognise an infection before you meet it. Following the "
                "national childhood immunisation schedule protects children against measles, whooping cough, polio "
                "and other serious diseases.",
                "After a vaccination, mild fever, soreness or swelling where the needle went in is common and "
                "passes in one or two days.",
                "Adults also need vaccines: a yearly flu vaccine is recommended for people aged 65 and above and "
                "for those with long-term illnesses, and pneumococcal vaccination protects against a type of "
                "pneumonia.",
            ],
        ),
        "heat_illness": (
            "Heat illness",
            [
                "Heat exhaustion happens when the body loses too much water and salt in hot weather. Signs include "
                "heavy sweating, dizziness, headache, nausea and muscle cramps.",
                "Move to a cool place, loosen clothing, drink water or an oral rehydration drink, and cool the skin "
                "with a wet cloth.",
                "Heat stroke is an emergency: a very high body temperature, confusion, fainting or hot dry skin need "
                "an ambulance at once. Prevent it by drinking water before you feel thirsty and avoiding strenuous "
                "activity at midday.",
            ],
        ),
        "wound_care": (
            "Caring for cuts and grazes",
            [
                "Clean a small cut or graze by rinsing it under clean running water and washing the skin around it "
                "with mild soap. Press with a clean cloth to stop bleeding.",
                "Cover the wound with a sterile dressing and change it daily or whenever it becomes wet or dirty. "
                "Keep it dry when bathing.",
                "See a doctor if the wound becomes more red, swollen, warm or painful, if pus comes out, or if you "
                "develop fever; these are signs of infection. Deep wounds or animal bites may need a tetanus "
                "injection.",
            ],
        ),
        "covid_isolation": (
            "COVID-19 at home",
            [
                "If you test positive for COVID-19 and feel unwell, stay home and rest until you feel better, and "
                "keep away from older people and those with weak immunity.",
                "Wear a mask if you must go out, cover your cough, open windows to let in fresh air, and wash your "
                "hands often.",
                "Seek medical care at once if you have difficulty breathing, chest pain, bluish lips, or if your "
                "oxygen reading is below 95 per cent.",
            ],
        ),
        "medicines_food": (
            "Medicines and food",
            [
                "Some medicines must be taken with food to protect the stomach, such as anti-inflammatory "
                "painkillers. Others work best on an empty stomach, one hour before a meal.",
                "Read the label or ask your pharmacist whether to take a medicine before, with or after meals, and "
                "take it at the same times every day.",
                "Grapefruit juice can change how some blood pressure and cholesterol medicines work. Do not take "
                "medicines with alcohol, and avoid taking calcium or antacids together with some antibiotics.",
            ],
        ),
    },
    "zh": {
        "dengue": (
            "登革热（骨痛热症）",
            [
                "登革热是一种病毒感染，由受感染的伊蚊叮咬传播，这种蚊子多在白天叮人。常见症状包括突然发高烧、"
                "剧烈头痛、眼睛后方疼痛、肌肉和关节疼痛以及皮疹。",
                "登革热没有特效药。应多休息、多喝水，发烧和疼痛时可服用扑热息痛。不要服用阿司匹林或布洛芬，"
                "因为它们会增加出血的风险。",
                "如果出现牙龈或鼻子出血、黑色大便、反复呕吐、剧烈腹痛，或感到非常嗜睡或烦躁不安，请立即到急诊部"
                "就诊。这些危险信号常常在退烧时出现。",
                "防止蚊子在家中繁殖：每周倒掉水桶、花盆底盘和屋檐排水槽里的积水。外出时涂驱蚊液，穿长袖衣服。",
            ],
        ),
        "child_fever": (
            "儿童发烧",
            [
                "体温达到38°C或以上就是发烧。儿童发烧通常由普通病毒感染引起，多数在三天内退烧。",
                "让孩子穿轻薄的衣服，少量多次地喝水。可按照标签上根据孩子体重标明的剂量服用扑热息痛；切勿给儿童"
                "服用阿司匹林。",
                "如果三个月以下的婴儿发烧，或孩子抽搐、脖子僵硬、出现按压后不褪色的皮疹、呼吸困难或很难叫醒，"
                "请尽快就医。",
            ],
        ),
        "hfmd": (
            "手足口病",
            [
                "手足口病是幼儿常见的病毒性疾病，会引起发烧、口腔溃疡疼痛，以及手掌、脚底和臀部的小水泡。",
                "病毒通过唾液、水泡液和粪便传播。换尿布后要用肥皂洗手，不要共用杯子、汤匙或毛巾。",
                "生病的孩子应留在家中，不要去托儿所或学校，直到所有水泡都干了为止。给孩子吃柔软、凉的食物，"
                "并保证喝足够的水；如果孩子拒绝喝水或尿量很少，请去看医生。",
            ],
        ),
        "diabetes_diet": (
            "糖尿病患者的饮食",
            [
                "患有糖尿病的人应定时进餐，不要不吃饭，特别是正在使用胰岛素或降血糖药片的人。",
                "餐盘的一半放蔬菜，四分之一放糙米等全谷类，四分之一放鱼、豆腐或鸡肉等瘦肉蛋白。用白开水代替含糖饮料。",
                "低血糖会引起发抖、出汗、饥饿和意识模糊。出现这种情况时，应立即摄取15克快速吸收的糖，例如半杯"
                "果汁，15分钟后再测一次血糖。",
            ],
        ),
        "blood_pressure": (
            "高血压",
            [
                "高血压通常没有症状，所以很多人不知道自己患有高血压。长期下来，它会损害心脏、大脑、肾脏和眼睛。",
                "减少盐的摄入：烹饪时少放酱料，避免加工食品；每周至少运动150分钟，保持健康体重，并且戒烟。",
                "即使感觉良好，也要每天服用降血压药。不要自行停药；如果出现头晕或脚踝肿胀等副作用，请告诉医生。",
            ],
        ),
        "asthma_inhaler": (
            "哮喘吸入器的使用",
            [
                "缓解型吸入器能在哮喘发作时迅速扩张气道。预防型吸入器能减轻气道发炎，即使没有症状也必须每天使用。",
                "使用定量吸入器时，先摇匀，把气完全呼出，用嘴唇含紧吸嘴，在慢慢深吸气的同时按压一次，然后屏住"
                "呼吸十秒钟。使用储雾罐可以让更多药物进入肺部。",
                "使用类固醇预防型吸入器后要用清水漱口，以免口腔长鹅口疮。如果缓解型吸入器没有效果，或喘得说不出"
                "话，请立即求医。",
            ],
        ),
        "antibiotics": (
            "抗生素",
            [
                "抗生素能杀死细菌，但对病毒无效，所以对感冒、流感以及大多数喉咙痛和咳嗽都没有帮助。",
                "如果医生给你开了抗生素，即使提早感觉好转，也要严格按照指示吃完整个疗程。切勿与他人分享抗生素，"
                "也不要把剩下的药留着以后吃。",
                "在不需要时使用抗生素，会使细菌产生耐药性，将来感染会更难治疗。如果你对青霉素过敏，请告诉医生。",
            ],
        ),
        "vaccination": (
            "疫苗接种",
            [
                "疫苗让免疫系统在接触病菌之前就学会识别它。按照国家儿童免疫接种时间表接种疫苗，可以保护孩子免受"
                "麻疹、百日咳、小儿麻痹症和其他严重疾病的侵害。",
                "接种疫苗后，轻微发烧、打针部位酸痛或肿胀都很常见，一两天内就会消失。",
                "成年人也需要接种疫苗：建议65岁及以上的人士和患有慢性病的人每年接种流感疫苗，肺炎球菌疫苗则可以"
                "预防一种肺炎。",
            ],
        ),
        "heat_illness": (
            "中暑",
            [
                "在炎热的天气里，身体流失太多水分和盐分就会中暑衰竭。症状包括大量出汗、头晕、头痛、恶心和肌肉抽筋。",
                "移到阴凉的地方，松开衣服，喝水或口服补液盐，并用湿毛巾给皮肤降温。",
                "热中风是紧急情况：体温非常高、神志不清、昏倒或皮肤又热又干时，必须立即叫救护车。预防方法是在"
                "口渴之前就喝水，并避免在中午进行剧烈活动。",
            ],
        ),
        "wound_care": (
            "伤口护理",
            [
                "清洗小伤口或擦伤时，用干净的流水冲洗，并用温和的肥皂清洗伤口周围的皮肤。用干净的布按压止血。",
                "用无菌敷料覆盖伤口，每天更换，或在敷料弄湿、弄脏时更换。洗澡时保持伤口干燥。",
                "如果伤口越来越红、肿、热或痛，有脓流出，或者发烧，这些都是感染的迹象，请去看医生。较深的伤口或"
                "被动物咬伤可能需要注射破伤风针。",
            ],
        ),
        "covid_isolation": (
            "在家应对新冠病毒",
            [
                "如果新冠病毒检测呈阳性并感到不适，应留在家中休息直到好转，并远离老年人和免疫力低下的人。",
                "必须外出时要戴口罩，咳嗽时遮住口鼻，打开窗户让新鲜空气流通，并经常洗手。",
                "如果呼吸困难、胸痛、嘴唇发紫，或血氧读数低于95%，请立即就医。",
            ],
        ),
        "medicines_food": (
            "药物与饮食",
            [
                "有些药物必须与食物一起服用以保护胃部，例如消炎止痛药。另一些药物空腹服用效果最好，即饭前一小时服用。",
                "阅读药物标签或询问药剂师，了解药物应在饭前、饭时还是饭后服用，并每天在相同的时间服药。",
                "西柚汁会影响某些降血压药和降胆固醇药的作用。不要用酒送服药物，有些抗生素也不能与钙片或胃药同时服用。",
            ],
        ),
    },
}

SOURCES["ms"] = {
    "dengue": (
        "Demam denggi",
        [
            "Denggi ialah jangkitan virus yang disebarkan melalui gigitan nyamuk Aedes yang dijangkiti. Nyamuk ini "
            "kebanyakannya menggigit pada waktu siang. Tanda biasa termasuk demam tinggi secara tiba-tiba, sakit "
            "kepala yang teruk, sakit di belakang mata, sakit otot dan sendi, serta ruam.",
            "Tiada ubat khusus untuk denggi. Berehat, minum banyak air, dan ambil parasetamol untuk demam dan sakit. "
            "Jangan ambil aspirin atau ibuprofen kerana ubat ini boleh meningkatkan risiko pendarahan.",
            "Pergi ke jabatan kecemasan dengan segera jika gusi atau hidung berdarah, najis berwarna hitam, muntah "
            "berulang kali, sakit perut yang teruk, atau berasa sangat mengantuk atau gelisah. Tanda amaran ini "
            "sering muncul ketika demam mula turun.",
            "Cegah pembiakan nyamuk di rumah: buang air bertakung daripada baldi, piring pasu bunga dan longkang "
            "bumbung setiap minggu. Gunakan penghalau serangga dan pakai baju berlengan panjang apabila berada di "
            "luar rumah.",
        ],
    ),
    "child_fever": (
        "Demam pada kanak-kanak",
        [
            "Demam ialah suhu badan 38°C atau lebih. Pada kanak-kanak, demam biasanya disebabkan oleh jangkitan "
            "virus biasa dan selalunya reda dalam masa tiga hari.",
            "Pakaikan anak anda pakaian yang nipis dan beri minuman sedikit demi sedikit tetapi kerap. Anda boleh "
            "memberi parasetamol mengikut dos pada label berdasarkan berat badan anak; jangan sekali-kali beri "
            "aspirin kepada kanak-kanak.",
            "Dapatkan rawatan doktor dengan segera jika bayi berumur bawah tiga bulan demam, atau jika anak anda "
            "sawan, tengkuknya kaku, ada ruam yang tidak hilang apabila ditekan, sukar bernafas atau sukar "
            "dikejutkan.",
        ],
    ),
    "hfmd": (
        "Penyakit tangan, kaki dan mulut",
        [
            "Penyakit tangan, kaki dan mulut ialah penyakit virus yang biasa dihidapi oleh kanak-kanak kecil. "
            "Penyakit ini menyebabkan demam, ulser mulut yang menyakitkan, dan lepuh kecil pada tapak tangan, tapak "
            "kaki dan punggung.",
            "Virus ini merebak melalui air liur, cecair daripada lepuh dan najis. Cuci tangan dengan sabun selepas "
            "menukar lampin, dan jangan berkongsi cawan, sudu atau tuala.",
            "Biarkan anak yang sakit di rumah dan jangan hantar ke taska atau sekolah sehingga semua lepuh kering. "
            "Beri makanan yang lembut dan sejuk serta air yang cukup; jumpa doktor jika anak enggan minum atau "
            "kurang membuang air kecil.",
        ],
    ),
    "diabetes_diet": (
        "Pemakanan sihat untuk pesakit diabetes",
        [
            "Jika anda menghidap diabetes, makan pada waktu yang tetap dan jangan tinggalkan waktu makan, terutamanya "
            "jika anda menggunakan insulin atau ubat biji yang menurunkan gula dalam darah.",
            "Isikan separuh pinggan dengan sayur-sayuran, suku dengan bijirin penuh seperti beras perang, dan suku "
            "lagi dengan protein tanpa lemak seperti ikan, tauhu atau ayam. Pilih air kosong dan bukannya minuman "
            "manis.",
            "Gula darah yang rendah boleh menyebabkan badan menggigil, berpeluh, lapar dan keliru. Jika ini berlaku, "
            "ambil 15 gram gula yang cepat diserap, seperti setengah gelas jus buah, dan periksa gula darah sekali "
            "lagi selepas 15 minit.",
        ],
    ),
    "blood_pressure": (
        "Tekanan darah tinggi",
        [
            "Tekanan darah tinggi selalunya tidak menunjukkan sebarang gejala, jadi ramai orang tidak tahu mereka "
            "menghidapinya. Lama-kelamaan, keadaan ini boleh merosakkan jantung, otak, buah pinggang dan mata.",
            "Kurangkan garam dengan menggunakan kurang kicap dan sos ketika memasak serta mengelakkan makanan yang "
            "diproses. Bersenam sekurang-kurangnya 150 minit seminggu, kekalkan berat badan yang sihat dan berhenti "
            "merokok.",
            "Makan ubat tekanan darah setiap hari walaupun anda berasa sihat. Jangan berhenti mengambilnya sendiri; "
            "beritahu doktor jika anda mengalami kesan sampingan seperti pening atau buku lali bengkak.",
        ],
    ),
    "asthma_inhaler": (
        "Cara menggunakan inhaler asma",
        [
            "Inhaler pelega membuka saluran pernafasan dengan cepat semasa serangan asma. Inhaler pencegah "
            "mengurangkan bengkak dalam saluran pernafasan dan mesti digunakan setiap hari, walaupun anda tiada "
            "gejala.",
            "Untuk menggunakan inhaler dos bermeter, goncangkannya, hembus nafas sepenuhnya, katupkan bibir pada "
            "corong, tekan sekali sambil menarik nafas perlahan-lahan dan dalam, kemudian tahan nafas selama "
            "sepuluh saat. Spacer membantu lebih banyak ubat sampai ke paru-paru.",
            "Kumur mulut dengan air selepas menggunakan inhaler pencegah steroid untuk mengelakkan kulat mulut. "
            "Dapatkan bantuan dengan segera jika inhaler pelega tidak membantu atau anda terlalu sesak nafas untuk "
            "bercakap.",
        ],
    ),
    "antibiotics": (
        "Antibiotik",
        [
            "Antibiotik membunuh bakteria tetapi tidak berkesan terhadap virus, jadi ubat ini tidak membantu "
            "selsema, influenza atau kebanyakan sakit tekak dan batuk.",
            "Jika anda diberi antibiotik, habiskan ubat itu tepat seperti yang diarahkan walaupun anda berasa lebih "
            "baik lebih awal. Jangan berkongsi antibiotik atau menyimpan baki ubat untuk kemudian.",
            "Penggunaan antibiotik apabila tidak diperlukan menyebabkan bakteria menjadi rintang, lalu jangkitan "
            "lebih sukar dirawat pada masa hadapan. Beritahu doktor jika anda alah kepada penisilin.",
        ],
    ),
    "vaccination": (
        "Vaksinasi",
        [
            "Vaksin melatih sistem imun untuk mengenali jangkitan sebelum anda terdedah kepadanya. Mengikut jadual "
            "imunisasi kanak-kanak kebangsaan melindungi anak daripada campak, batuk kokol, polio dan penyakit "
            "serius yang lain.",
            "Selepas vaksinasi, demam ringan, sakit atau bengkak di tempat suntikan adalah perkara biasa dan akan "
            "hilang dalam satu atau dua hari.",
            "Orang dewasa juga memerlukan vaksin: vaksin selesema setiap tahun disyorkan untuk mereka yang berumur "
            "65 tahun ke atas dan yang menghidap penyakit kronik, manakala vaksin pneumokokus melindungi daripada "
            "sejenis radang paru-paru.",
        ],
    ),
    "heat_illness": (
        "Penyakit akibat haba",
        [
            "Keletihan haba berlaku apabila badan kehilangan terlalu banyak air dan garam dalam cuaca panas. "
            "Tandanya termasuk berpeluh dengan banyak, pening, sakit kepala, loya dan kekejangan otot.",
            "Pindah ke tempat yang sejuk, longgarkan pakaian, minum air atau larutan penghidratan oral, dan "
            "sejukkan kulit dengan kain basah.",
            "Strok haba ialah kecemasan: suhu badan yang sangat tinggi, keliru, pengsan atau kulit yang panas dan "
            "kering memerlukan ambulans dengan segera. Cegahnya dengan minum air sebelum berasa dahaga dan elakkan "
            "aktiviti berat pada tengah hari.",
        ],
    ),
    "wound_care": (
        "Penjagaan luka",
        [
            "Bersihkan luka kecil atau calar dengan membilasnya di bawah air paip yang bersih dan mencuci kulit di "
            "sekelilingnya dengan sabun lembut. Tekan dengan kain bersih untuk menghentikan pendarahan.",
            "Tutup luka dengan pembalut steril dan tukar setiap hari atau apabila ia basah atau kotor. Pastikan luka "
            "kering semasa mandi.",
            "Jumpa doktor jika luka menjadi lebih merah, bengkak, panas atau sakit, jika keluar nanah, atau jika "
            "anda demam; ini tanda jangkitan. Luka yang dalam atau gigitan haiwan mungkin memerlukan suntikan "
            "tetanus.",
        ],
    ),
    "covid_isolation": (
        "COVID-19 di rumah",
        [
            "Jika anda positif COVID-19 dan berasa tidak sihat, duduk di rumah dan berehat sehingga pulih, serta "
            "jauhkan diri daripada warga emas dan mereka yang lemah daya tahan badan.",
            "Pakai pelitup muka jika terpaksa keluar, tutup mulut ketika batuk, buka tingkap supaya udara segar "
            "masuk, dan kerap mencuci tangan.",
            "Dapatkan rawatan perubatan dengan segera jika anda sukar bernafas, sakit dada, bibir kebiruan, atau "
            "bacaan oksigen di bawah 95 peratus.",
        ],
    ),
    "medicines_food": (
        "Ubat dan makanan",
        [
            "Sesetengah ubat mesti diambil bersama makanan untuk melindungi perut, contohnya ubat tahan sakit "
            "anti-radang. Ubat lain pula paling berkesan apabila perut kosong, iaitu sejam sebelum makan.",
            "Baca label atau tanya ahli farmasi sama ada ubat perlu diambil sebelum, semasa atau selepas makan, dan "
            "ambil ubat pada waktu yang sama setiap hari.",
            "Jus limau gedang boleh mengubah kesan sesetengah ubat tekanan darah dan kolesterol. Jangan ambil ubat "
            "bersama alkohol, dan elakkan mengambil kalsium atau antasid bersama sesetengah antibiotik.",
        ],
    ),
}

SOURCES["ta"] = {
    "dengue": (
        "டெங்கு காய்ச்சல்",
        [
            "டெங்கு என்பது நோய்த்தொற்றுள்ள ஏடிஸ் கொசு கடிப்பதால் பரவும் ஒரு வைரஸ் நோய். இந்தக் கொசுக்கள் "
            "பெரும்பாலும் பகலில் கடிக்கின்றன. திடீரென அதிக காய்ச்சல், கடுமையான தலைவலி, கண்களுக்குப் பின்னால் வலி, "
            "தசை மற்றும் மூட்டு வலி, தோல் தடிப்பு ஆகியவை பொதுவான அறிகுறிகள்.",
            "டெங்குவுக்கு என்று தனி மருந்து இல்லை. ஓய்வெடுங்கள், நிறைய நீர் அருந்துங்கள், காய்ச்சலுக்கும் "
            "வலிக்கும் பாராசிட்டமால் எடுத்துக்கொள்ளுங்கள். ஆஸ்பிரின் அல்லது ஐபுப்ரோஃபென் எடுக்க வேண்டாம்; அவை "
            "இரத்தப்போக்கு அபாயத்தை அதிகரிக்கும்.",
            "ஈறுகளில் அல்லது மூக்கில் இரத்தம் வந்தால், கருப்பு நிற மலம், மீண்டும் மீண்டும் வாந்தி, கடுமையான "
            "வயிற்று வலி, அதிக தூக்கக் கலக்கம் அல்லது அமைதியின்மை இருந்தால் உடனே அவசர சிகிச்சைப் பிரிவுக்குச் "
            "செல்லுங்கள். இந்த எச்சரிக்கை அறிகுறிகள் பெரும்பாலும் காய்ச்சல் குறையும்போது தோன்றும்.",
            "வீட்டில் கொசுக்கள் பெருகாமல் தடுங்கள்: வாளிகள், பூந்தொட்டித் தட்டுகள், கூரை வடிகால்களில் தேங்கும் "
            "நீரை வாரந்தோறும் அகற்றுங்கள். வெளியே செல்லும்போது கொசு விரட்டியைப் பூசி, நீண்ட கை உடைகளை "
            "அணியுங்கள்.",
        ],
    ),
    "child_fever": (
        "குழந்தைகளுக்குக் காய்ச்சல்",
        [
            "உடல் வெப்பநிலை 38°C அல்லது அதற்கு மேல் இருந்தால் அது காய்ச்சல். குழந்தைகளுக்குக் காய்ச்சல் பொதுவாகச் "
            "சாதாரண வைரஸ் தொற்றால் ஏற்படுகிறது, பெரும்பாலும் மூன்று நாட்களுக்குள் குறைந்துவிடும்.",
            "குழந்தைக்கு மெல்லிய ஆடைகளை அணிவித்து, சிறிது சிறிதாக அடிக்கடி குடிக்கக் கொடுங்கள். குழந்தையின் "
            "எடைக்கு ஏற்ப லேபிளில் உள்ள அளவில் பாராசிட்டமால் கொடுக்கலாம்; குழந்தைகளுக்கு ஒருபோதும் ஆஸ்பிரின் "
            "கொடுக்க வேண்டாம்.",
            "மூன்று மாதத்துக்குக் குறைவான கைக்குழந்தைக்குக் காய்ச்சல் இருந்தால், அல்லது உங்கள் குழந்தைக்கு "
            "வலிப்பு, கழுத்து விறைப்பு, அழுத்தினாலும் மறையாத தடிப்பு, மூச்சுத் திணறல் இருந்தால், அல்லது "
            "எழுப்புவது கடினமாக இருந்தால் உடனே மருத்துவரைப் பாருங்கள்.",
        ],
    ),
    "hfmd": (
        "கை, கால், வாய் நோய்",
        [
            "கை, கால், வாய் நோய் சிறு குழந்தைகளுக்குப் பொதுவாக வரும் ஒரு வைரஸ் நோய். இது காய்ச்சல், வாயில் "
            "வலிமிகுந்த புண்கள், உள்ளங்கை, உள்ளங்கால், பிட்டம் ஆகியவற்றில் சிறிய கொப்புளங்களை ஏற்படுத்தும்.",
            "இந்த வைரஸ் உமிழ்நீர், கொப்புளங்களில் உள்ள நீர், மலம் ஆகியவற்றின் மூலம் பரவுகிறது. டயப்பர் மாற்றிய "
            "பிறகு சோப்பால் கைகளைக் கழுவுங்கள்; கோப்பை, கரண்டி, துண்டு ஆகியவற்றைப் பகிர்ந்துகொள்ள வேண்டாம்.",
            "எல்லாக் கொப்புளங்களும் காயும் வரை நோயுற்ற குழந்தையைக் குழந்தைப் பராமரிப்பு நிலையத்துக்கோ "
            "பள்ளிக்கோ அனுப்பாமல் வீட்டிலேயே வைத்திருங்கள். மென்மையான, குளிர்ந்த உணவும் போதுமான நீரும் "
            "கொடுங்கள்; குழந்தை குடிக்க மறுத்தால் அல்லது சிறுநீர் குறைவாகக் கழித்தால் மருத்துவரைப் பாருங்கள்.",
        ],
    ),
    "diabetes_diet": (
        "நீரிழிவு நோயாளிகளுக்கான உணவு",
        [
            "உங்களுக்கு நீரிழிவு நோய் இருந்தால், குறித்த நேரத்தில் சாப்பிடுங்கள், உணவைத் தவிர்க்க வேண்டாம்; "
            "குறிப்பாக இன்சுலின் அல்லது இரத்தச் சர்க்கரையைக் குறைக்கும் மாத்திரைகளை எடுப்பவர்கள் இதைக் கவனிக்க "
            "வேண்டும்.",
            "தட்டில் பாதியைக் காய்கறிகளாலும், கால் பகுதியைப் பழுப்பு அரிசி போன்ற முழு தானியங்களாலும், மீதிக் "
            "கால் பகுதியை மீன், டோஃபு, கோழி போன்ற கொழுப்பு குறைந்த புரதத்தாலும் நிரப்புங்கள். இனிப்பு "
            "பானங்களுக்குப் பதிலாகத் தண்ணீரைத் தேர்ந்தெடுங்கள்.",
            "இரத்தச் சர்க்கரை குறைந்தால் நடுக்கம், வியர்வை, பசி, குழப்பம் ஏற்படலாம். அப்படி நேர்ந்தால் அரை "
            "கிளாஸ் பழச்சாறு போன்ற விரைவாகச் செயல்படும் 15 கிராம் சர்க்கரையை உட்கொண்டு, 15 நிமிடங்கள் கழித்துச் "
            "சர்க்கரை அளவை மீண்டும் பரிசோதியுங்கள்.",
        ],
    ),
    "blood_pressure": (
        "உயர் இரத்த அழுத்தம்",
        [
            "உயர் இரத்த அழுத்தம் பெரும்பாலும் எந்த அறிகுறியையும் காட்டுவதில்லை, அதனால் பலருக்கு அது இருப்பதே "
            "தெரியாது. நாளடைவில் அது இதயம், மூளை, சிறுநீரகங்கள், கண்கள் ஆகியவற்றைப் பாதிக்கக்கூடும்.",
            "சமைக்கும்போது குறைவான சாஸ் பயன்படுத்தியும் பதப்படுத்தப்பட்ட உணவுகளைத் தவிர்த்தும் உப்பைக் "
            "குறையுங்கள். வாரத்துக்குக் குறைந்தது 150 நிமிடங்கள் உடற்பயிற்சி செய்யுங்கள், ஆரோக்கியமான எடையைப் "
            "பேணுங்கள், புகைபிடிப்பதை நிறுத்துங்கள்.",
            "நன்றாக உணர்ந்தாலும் இரத்த அழுத்த மருந்தைத் தினமும் எடுத்துக்கொள்ளுங்கள். நீங்களாகவே மருந்தை "
            "நிறுத்த வேண்டாம்; தலைச்சுற்றல் அல்லது கணுக்கால் வீக்கம் போன்ற பக்கவிளைவுகள் இருந்தால் மருத்துவரிடம் "
            "சொல்லுங்கள்.",
        ],
    ),
    "asthma_inhaler": (
        "ஆஸ்துமா இன்ஹேலர் பயன்பாடு",
        [
            "ஆஸ்துமா தாக்குதலின்போது நிவாரண இன்ஹேலர் சுவாசப் பாதைகளை விரைவாகத் திறக்கிறது. தடுப்பு இன்ஹேலர் "
            "சுவாசப் பாதைகளில் உள்ள வீக்கத்தைக் குறைக்கிறது; அறிகுறிகள் இல்லாதபோதும் அதைத் தினமும் பயன்படுத்த "
            "வேண்டும்.",
            "இன்ஹேலரைப் பயன்படுத்த, அதைக் குலுக்கி, மூச்சை முழுமையாக வெளியே விட்டு, வாய்ப்பகுதியை உதடுகளால் "
            "இறுக்கமாகப் பிடித்து, மெதுவாக ஆழமாக மூச்சை உள்ளிழுக்கும்போது ஒருமுறை அழுத்துங்கள்; பிறகு பத்து "
            "விநாடிகள் மூச்சை அடக்குங்கள். ஸ்பேசர் பயன்படுத்தினால் அதிக மருந்து நுரையீரலைச் சென்றடையும்.",
            "ஸ்டீராய்டு தடுப்பு இன்ஹேலரைப் பயன்படுத்திய பிறகு வாயில் பூஞ்சைத் தொற்று வராமல் இருக்கத் தண்ணீரால் "
            "வாய் கொப்பளியுங்கள். நிவாரண இன்ஹேலர் பயனளிக்காவிட்டால் அல்லது பேச முடியாத அளவுக்கு மூச்சுத் "
            "திணறல் இருந்தால் உடனே உதவி பெறுங்கள்.",
        ],
    ),
    "antibiotics": (
        "ஆன்டிபயாட்டிக் மருந்துகள்",
        [
            "ஆன்டிபயாட்டிக் மருந்துகள் பாக்டீரியாக்களைக் கொல்லும், ஆனால் வைரஸ்களுக்கு எதிராகச் செயல்படாது; "
            "எனவே சளி, ஃப்ளூ, பெரும்பாலான தொண்டை வலி, இருமல் ஆகியவற்றுக்கு அவை உதவாது.",
            "மருத்துவர் ஆன்டிபயாட்டிக் மருந்து கொடுத்தால், சீக்கிரமே குணமாக உணர்ந்தாலும், சொன்னபடி முழு "
            "மருந்தையும் சாப்பிட்டு முடியுங்கள். ஆன்டிபயாட்டிக் மருந்தை மற்றவர்களுடன் பகிர வேண்டாம், "
            "மீதமுள்ளதைப் பிறகு பயன்படுத்த வைத்துக்கொள்ளவும் வேண்டாம்.",
            "தேவையில்லாதபோது ஆன்டிபயாட்டிக் பயன்படுத்தினால் பாக்டீரியாக்கள் மருந்துக்கு எதிர்ப்புத் திறன் "
            "பெறுகின்றன; அதனால் எதிர்காலத்தில் தொற்றுகளுக்குச் சிகிச்சை அளிப்பது கடினமாகும். பெனிசிலின் "
            "ஒவ்வாமை இருந்தால் மருத்துவரிடம் சொல்லுங்கள்.",
        ],
    ),
    "vaccination": (
        "தடுப்பூசிகள்",
        [
            "தடுப்பூசிகள் ஒரு தொற்றை நீங்கள் எதிர்கொள்வதற்கு முன்பே அதை அடையாளம் காண நோய் எதிர்ப்பு "
            "அமைப்புக்குப் பயிற்சி அளிக்கின்றன. தேசியக் குழந்தைத் தடுப்பூசி அட்டவணையைப் பின்பற்றுவது தட்டம்மை, "
            "கக்குவான் இருமல், போலியோ உள்ளிட்ட கடுமையான நோய்களிலிருந்து குழந்தைகளைப் பாதுகாக்கிறது.",
            "தடுப்பூசி போட்ட பிறகு லேசான காய்ச்சல், ஊசி போட்ட இடத்தில் வலி அல்லது வீக்கம் ஏற்படுவது சகஜம்; அவை "
            "ஓரிரு நாட்களில் சரியாகிவிடும்.",
            "பெரியவர்களுக்கும் தடுப்பூசிகள் தேவை: 65 வயது மற்றும் அதற்கு மேற்பட்டவர்களும் நீண்டகால நோய் "
            "உள்ளவர்களும் ஆண்டுதோறும் ஃப்ளூ தடுப்பூசி போட்டுக்கொள்ளப் பரிந்துரைக்கப்படுகிறது; நிமோகாக்கல் "
            "தடுப்பூசி ஒருவகை நிமோனியாவிலிருந்து பாதுகாக்கிறது.",
        ],
    ),
    "heat_illness": (
        "வெப்பத்தால் வரும் நோய்கள்",
        [
            "வெப்பமான காலநிலையில் உடல் அதிக நீரையும் உப்பையும் இழக்கும்போது வெப்பச் சோர்வு ஏற்படுகிறது. அதிக "
            "வியர்வை, தலைச்சுற்றல், தலைவலி, குமட்டல், தசைப்பிடிப்பு ஆகியவை அதன் அறிகுறிகள்.",
            "குளிர்ந்த இடத்துக்குச் செல்லுங்கள், ஆடைகளைத் தளர்த்துங்கள், தண்ணீர் அல்லது வாய்வழி நீரேற்றக் "
            "கரைசலைக் குடியுங்கள், ஈரத் துணியால் தோலைக் குளிர்வியுங்கள்.",
            "வெப்பத்தாக்கு ஒரு அவசர நிலை: உடல் வெப்பநிலை மிக அதிகமாக இருந்தால், குழப்பம், மயக்கம், அல்லது "
            "சூடான வறண்ட தோல் இருந்தால் உடனே ஆம்புலன்ஸை அழையுங்கள். தாகம் எடுப்பதற்கு முன்பே தண்ணீர் "
            "குடித்தும், நண்பகலில் கடினமான வேலைகளைத் தவிர்த்தும் இதைத் தடுக்கலாம்.",
        ],
    ),
    "wound_care": (
        "காயங்களைப் பராமரித்தல்",
        [
            "சிறிய வெட்டுக்காயம் அல்லது சிராய்ப்பைச் சுத்தமான ஓடும் நீரில் அலசி, அதைச் சுற்றியுள்ள தோலை மிதமான "
            "சோப்பால் கழுவுங்கள். இரத்தப்போக்கை நிறுத்தச் சுத்தமான துணியால் அழுத்துங்கள்.",
            "காயத்தைக் கிருமிநீக்கம் செய்யப்பட்ட கட்டுத்துணியால் மூடி, தினமும் அல்லது அது ஈரமாகும்போதோ "
            "அழுக்காகும்போதோ மாற்றுங்கள். குளிக்கும்போது காயத்தை உலர்வாக வைத்திருங்கள்.",
            "காயம் மேலும் சிவந்தால், வீங்கினால், சூடானால் அல்லது வலி அதிகரித்தால், சீழ் வந்தால், அல்லது "
            "காய்ச்சல் வந்தால் மருத்துவரைப் பாருங்கள்; இவை தொற்றின் அறிகுறிகள். ஆழமான காயங்களுக்கோ விலங்குக் "
            "கடிகளுக்கோ டெட்டனஸ் ஊசி தேவைப்படலாம்.",
        ],
    ),
    "covid_isolation": (
        "வீட்டில் கோவிட்-19",
        [
            "கோவிட்-19 பரிசோதனையில் தொற்று உறுதியாகி உடல்நலம் சரியில்லை என்றால், குணமாகும் வரை வீட்டில் "
            "ஓய்வெடுங்கள்; முதியவர்களிடமிருந்தும் நோய் எதிர்ப்பு சக்தி குறைந்தவர்களிடமிருந்தும் விலகி இருங்கள்.",
            "வெளியே செல்ல வேண்டியிருந்தால் முகக்கவசம் அணியுங்கள், இருமும்போது வாயை மூடுங்கள், சுத்தமான காற்று "
            "வர ஜன்னல்களைத் திறந்து வையுங்கள், அடிக்கடி கைகளைக் கழுவுங்கள்.",
            "மூச்சுவிடுவதில் சிரமம், நெஞ்சு வலி, நீல நிற உதடுகள் இருந்தால், அல்லது ஆக்சிஜன் அளவு 95 "
            "சதவீதத்துக்குக் கீழ் இருந்தால் உடனே மருத்துவ உதவி பெறுங்கள்.",
        ],
    ),
    "medicines_food": (
        "மருந்துகளும் உணவும்",
        [
            "வயிற்றைப் பாதுகாக்கச் சில மருந்துகளை உணவுடன் சேர்த்து எடுக்க வேண்டும், எடுத்துக்காட்டாக "
            "வீக்கத்தைக் குறைக்கும் வலி நிவாரணிகள். வேறு சில மருந்துகள் வெறும் வயிற்றில், அதாவது உணவுக்கு ஒரு "
            "மணி நேரம் முன்பு எடுத்தால்தான் நன்றாக வேலை செய்யும்.",
            "ஒரு மருந்தை உணவுக்கு முன்போ, உணவுடனோ, உணவுக்குப் பின்போ எடுக்க வேண்டுமா என்பதை லேபிளில் "
            "படியுங்கள் அல்லது மருந்தாளரிடம் கேளுங்கள்; தினமும் ஒரே நேரத்தில் மருந்தை எடுங்கள்.",
            "கிரேப்ஃப்ரூட் பழச்சாறு சில இரத்த அழுத்த மருந்துகளும் கொலஸ்ட்ரால் மருந்துகளும் செயல்படும் விதத்தை "
            "மாற்றக்கூடும். மதுவுடன் மருந்து எடுக்க வேண்டாம்; சில ஆன்டிபயாட்டிக் மருந்துகளுடன் கால்சியம் அல்லது "
            "அமில எதிர்ப்பு மருந்துகளைச் சேர்த்து எடுப்பதைத் தவிருங்கள்.",
        ],
    ),
}

# language -> [(query, ["topic#position", ...])]: the passages that answer each query.
QUERIES: dict[str, list[tuple[str, list[str]]]] = {
    "en": [
        ("my daughter has a high temperature and pain behind her eyes after mosquito bites", ["dengue#1"]),
        ("which painkiller is safe to take when you have dengue", ["dengue#2"]),
        ("her gums started bleeding just as the dengue fever went down, is that serious", ["dengue#3"]),
        ("how to stop mosquitoes breeding around the house", ["dengue#4"]),
        ("what temperature counts as a fever in a child", ["child_fever#1"]),
        ("how much paracetamol can I give my toddler", ["child_fever#2"]),
        ("when should I take my feverish baby to the doctor", ["child_fever#3"]),
        ("my son has blisters on his hands and feet and ulcers in his mouth", ["hfmd#1"]),
        ("how do kids pass hand foot mouth disease to each other", ["hfmd#2"]),
        ("when can my child go back to school after hand foot and mouth disease", ["hfmd#3"]),
        ("is it OK to skip meals if I have diabetes", ["diabetes_diet#1"]),
        ("what should a person with diabetes put on their plate", ["diabetes_diet#2"]),
        ("I feel shaky and sweaty, my sugar might be low, what do I do", ["diabetes_diet#3"]),
        ("can you have high blood pressure without any symptoms", ["blood_pressure#1"]),
        ("lifestyle changes like less salt and exercise to bring down blood pressure", ["blood_pressure#2"]),
        ("can I stop my blood pressure tablets when I feel fine", ["blood_pressure#3"]),
        ("difference between the reliever and preventer inhaler", ["asthma_inhaler#1"]),
        ("steps to use an inhaler with a spacer", ["asthma_inhaler#2"]),
        ("why rinse the mouth after a steroid inhaler", ["asthma_inhaler#3"]),
        ("will antibiotics cure my cold or flu", ["antibiotics#1"]),
        ("can I stop the antibiotics once I feel better", ["antibiotics#2"]),
        ("how do bacteria become resistant to antibiotics", ["antibiotics#3"]),
        ("which childhood vaccines protect against measles and polio", ["vaccination#1"]),
        ("is soreness where the needle went in normal after a vaccination", ["vaccination#2"]),
        ("should elderly people get a flu vaccine every year", ["vaccination#3"]),
        ("feeling dizzy with cramps after working outside in hot weather", ["heat_illness#1"]),
        ("first aid for someone overheated: cool place and rehydration drink", ["heat_illness#2"]),
        ("how to clean a graze on my knee", ["wound_care#1"]),
        ("signs that a wound is infected", ["wound_care#3"]),
        ("I tested positive for covid, should I stay home", ["covid_isolation#1"]),
        ("when to get medical care for covid with breathing difficulty", ["covid_isolation#3"]),
        ("should I take my medicine before or after meals", ["medicines_food#2", "medicines_food#1"]),
        ("can I drink grapefruit juice with my pills", ["medicines_food#3"]),
    ],
    "zh": [
        ("被蚊子咬后突然发高烧，眼睛后面很痛", ["dengue#1"]),
        ("登革热发烧时能吃阿司匹林吗", ["dengue#2"]),
        ("退烧后牙龈出血要紧吗", ["dengue#3"]),
        ("家里怎样防止蚊子繁殖", ["dengue#4"]),
        ("孩子体温多少度算发烧", ["child_fever#1"]),
        ("小孩发烧可以吃多少扑热息痛", ["child_fever#2"]),
        ("婴儿发烧什么时候要去看医生", ["child_fever#3"]),
        ("孩子手脚长水泡，嘴里有溃疡", ["hfmd#1"]),
        ("手足口病会通过口水和粪便传染吗", ["hfmd#2"]),
        ("得了手足口病多久才能回学校", ["hfmd#3"]),
        ("糖尿病人可以不吃早饭吗", ["diabetes_diet#1"]),
        ("糖尿病人的餐盘里应该放哪些食物", ["diabetes_diet#2"]),
        ("手抖冒汗，可能是血糖太低，怎么办", ["diabetes_diet#3"]),
        ("高血压会不会一点症状都没有", ["blood_pressure#1"]),
        ("降血压要少吃盐和多运动吗", ["blood_pressure#2"]),
        ("血压正常了能不能停药", ["blood_pressure#3"]),
        ("哮喘的两种吸入器有什么不同", ["asthma_inhaler#1"]),
        ("吸入器和储雾罐怎么用", ["asthma_inhaler#2"]),
        ("用完类固醇吸入器为什么要漱口", ["asthma_inhaler#3"]),
        ("感冒需要吃抗生素吗", ["antibiotics#1"]),
        ("病好了抗生素还要继续吃完吗", ["antibiotics#2"]),
        ("乱用抗生素会产生耐药性吗", ["antibiotics#3"]),
        ("宝宝需要接种哪些疫苗来预防麻疹", ["vaccination#1"]),
        ("打完疫苗手臂酸痛正常吗", ["vaccination#2"]),
        ("老人每年都要打流感疫苗吗", ["vaccination#3"]),
        ("在太阳下工作后头晕、肌肉抽筋", ["heat_illness#1"]),
        ("有人热中风昏倒了怎么办", ["heat_illness#3"]),
        ("膝盖擦伤了怎样清洗", ["wound_care#1"]),
        ("伤口流脓是不是感染了", ["wound_care#3"]),
        ("新冠检测阳性要在家休息吗", ["covid_isolation#1"]),
        ("新冠病人呼吸困难要立即就医吗", ["covid_isolation#3"]),
        ("药应该饭前吃还是饭后吃", ["medicines_food#2", "medicines_food#1"]),
        ("吃药时可以喝西柚汁吗", ["medicines_food#3"]),
    ],
    "ms": [
        ("anak saya demam panas dan sakit di belakang mata selepas digigit nyamuk", ["dengue#1"]),
        ("ubat apa yang selamat untuk sakit badan semasa denggi", ["dengue#2"]),
        ("gusi berdarah ketika demam denggi mula turun, adakah bahaya", ["dengue#3"]),
        ("cara mengelakkan nyamuk membiak di sekitar rumah", ["dengue#4"]),
        ("berapa suhu badan dikira demam bagi kanak-kanak", ["child_fever#1"]),
        ("berapa banyak parasetamol boleh diberi kepada anak kecil", ["child_fever#2"]),
        ("bila bayi yang demam perlu dibawa ke doktor", ["child_fever#3"]),
        ("anak ada lepuh di tangan dan kaki serta ulser dalam mulut", ["hfmd#1"]),
        ("adakah penyakit tangan kaki dan mulut merebak melalui air liur", ["hfmd#2"]),
        ("bila anak boleh kembali ke sekolah selepas penyakit tangan kaki dan mulut", ["hfmd#3"]),
        ("bolehkah pesakit diabetes tinggalkan waktu makan", ["diabetes_diet#1"]),
        ("apa yang patut ada dalam pinggan pesakit kencing manis", ["diabetes_diet#2"]),
        ("saya menggigil dan berpeluh, mungkin gula rendah, apa perlu buat", ["diabetes_diet#3"]),
        ("adakah tekanan darah tinggi boleh berlaku tanpa gejala", ["blood_pressure#1"]),
        ("cara menurunkan tekanan darah dengan kurang garam dan bersenam", ["blood_pressure#2"]),
        ("bolehkah saya berhenti makan ubat darah tinggi bila rasa sihat", ["blood_pressure#3"]),
        ("apa beza inhaler pelega dan inhaler pencegah", ["asthma_inhaler#1"]),
        ("cara betul guna inhaler dengan spacer", ["asthma_inhaler#2"]),
        ("kenapa perlu berkumur selepas guna inhaler steroid", ["asthma_inhaler#3"]),
        ("adakah antibiotik boleh sembuhkan selsema", ["antibiotics#1"]),
        ("boleh berhenti makan antibiotik bila dah rasa baik", ["antibiotics#2"]),
        ("apakah maksud bakteria rintang antibiotik", ["antibiotics#3"]),
        ("vaksin apa yang melindungi bayi daripada campak dan polio", ["vaccination#1"]),
        ("biasakah lengan sakit dan bengkak selepas suntikan vaksin", ["vaccination#2"]),
        ("perlukah warga emas ambil vaksin selesema setiap tahun", ["vaccination#3"]),
        ("pening dan kejang otot selepas bekerja di bawah panas matahari", ["heat_illness#1"]),
        ("apa perlu dibuat jika seseorang pengsan kerana strok haba", ["heat_illness#3"]),
        ("cara bersihkan luka calar di lutut", ["wound_care#1"]),
        ("tanda luka sudah dijangkiti kuman dan bernanah", ["wound_care#3"]),
        ("saya positif covid, perlukah saya duduk di rumah", ["covid_isolation#1"]),
        ("bila perlu dapatkan rawatan jika sukar bernafas kerana covid", ["covid_isolation#3"]),
        ("ubat perlu diambil sebelum atau selepas makan", ["medicines_food#2", "medicines_food#1"]),
        ("bolehkah minum jus limau gedang bersama ubat", ["medicines_food#3"]),
    ],
    "ta": [
        ("கொசு கடித்த பிறகு அதிக காய்ச்சலும் கண்களுக்குப் பின்னால் வலியும் இருக்கிறது", ["dengue#1"]),
        ("டெங்கு காய்ச்சலுக்கு ஆஸ்பிரின் எடுக்கலாமா", ["dengue#2"]),
        ("டெங்குவில் ஈறுகளில் இரத்தம் வந்தால் என்ன செய்வது", ["dengue#3"]),
        ("வீட்டில் கொசுக்கள் பெருகாமல் தடுப்பது எப்படி", ["dengue#4"]),
        ("எவ்வளவு உடல் வெப்பநிலை இருந்தால் காய்ச்சல்", ["child_fever#1"]),
        ("குழந்தைக்கு எவ்வளவு பாராசிட்டமால் கொடுக்கலாம்", ["child_fever#2"]),
        ("கைக்குழந்தைக்குக் காய்ச்சல் இருந்தால் எப்போது மருத்துவரைப் பார்க்க வேண்டும்", ["child_fever#3"]),
        ("குழந்தையின் கை கால்களில் கொப்புளங்கள், வாயில் புண்கள்", ["hfmd#1"]),
        ("கை கால் வாய் நோய் எப்படிப் பரவுகிறது", ["hfmd#2"]),
        ("கொப்புளங்கள் காய்ந்த பிறகு பள்ளிக்கு அனுப்பலாமா", ["hfmd#3"]),
        ("நீரிழிவு நோய் இருந்தால் உணவைத் தவிர்க்கலாமா", ["diabetes_diet#1"]),
        ("நீரிழிவு உள்ளவர்கள் தட்டில் காய்கறிகளும் அரிசியும் எவ்வளவு வைக்க வேண்டும்", ["diabetes_diet#2"]),
        ("நடுக்கமும் வியர்வையும் இருக்கிறது, இரத்தச் சர்க்கரை குறைந்திருக்கலாம்", ["diabetes_diet#3"]),
        ("உயர் இரத்த அழுத்தம் அறிகுறி இல்லாமல் இருக்குமா", ["blood_pressure#1"]),
        ("உப்பைக் குறைத்து உடற்பயிற்சி செய்தால் இரத்த அழுத்தம் குறையுமா", ["blood_pressure#2"]),
        ("நன்றாக இருக்கும்போது இரத்த அழுத்த மருந்தை நிறுத்தலாமா", ["blood_pressure#3"]),
        ("நிவாரண இன்ஹேலருக்கும் தடுப்பு இன்ஹேலருக்கும் என்ன வித்தியாசம்", ["asthma_inhaler#1"]),
        ("ஸ்பேசருடன் இன்ஹேலரை எப்படிப் பயன்படுத்துவது", ["asthma_inhaler#2"]),
        ("ஸ்டீராய்டு இன்ஹேலருக்குப் பிறகு ஏன் வாய் கொப்பளிக்க வேண்டும்", ["asthma_inhaler#3"]),
        ("சளிக்கு ஆன்டிபயாட்டிக் உதவுமா", ["antibiotics#1"]),
        ("குணமானதும் ஆன்டிபயாட்டிக் மருந்தை நிறுத்தலாமா", ["antibiotics#2"]),
        ("பாக்டீரியாக்கள் மருந்துக்கு எதிர்ப்புத் திறன் பெறுவது ஏன்", ["antibiotics#3"]),
        ("தட்டம்மை போலியோ வராமல் குழந்தைக்கு என்ன தடுப்பூசிகள் வேண்டும்", ["vaccination#1"]),
        ("தடுப்பூசி போட்ட இடத்தில் வலி இருப்பது சகஜமா", ["vaccination#2"]),
        ("முதியவர்கள் ஆண்டுதோறும் ஃப்ளூ தடுப்பூசி போட வேண்டுமா", ["vaccination#3"]),
        ("வெயிலில் வேலை செய்த பிறகு தலைச்சுற்றலும் தசைப்பிடிப்பும்", ["heat_illness#1"]),
        ("வெப்பத்தாக்கால் ஒருவர் மயங்கி விழுந்தால் என்ன செய்வது", ["heat_illness#3"]),
        ("முழங்காலில் ஏற்பட்ட சிராய்ப்பை எப்படிச் சுத்தம் செய்வது", ["wound_care#1"]),
        ("காயத்தில் சீழ் வந்தால் தொற்றா", ["wound_care#3"]),
        ("கோவிட் தொற்று உறுதியானால் வீட்டில் ஓய்வெடுக்க வேண்டுமா", ["covid_isolation#1"]),
        ("கோவிட் நோயாளிக்கு மூச்சுத் திணறல் இருந்தால் மருத்துவ உதவி தேவையா", ["covid_isolation#3"]),
        ("மருந்தை உணவுக்கு முன் எடுக்க வேண்டுமா பின் எடுக்க வேண்டுமா", ["medicines_food#2", "medicines_food#1"]),
        ("கிரேப்ஃப்ரூட் பழச்சாறுடன் மாத்திரை சாப்பிடலாமா", ["medicines_food#3"]),
    ],
}
