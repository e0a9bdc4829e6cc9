"""Telling Malay from Indonesian (and both from English) by their words.

langdetect has no Malay profile: it calls Malay "id" (Indonesian), so it cannot
answer the one question that matters when a model is asked for Malay and
answers in Indonesian. The two standards share most of their vocabulary; the
evidence here is only what is known to differ between them, each form listed
with its counterpart in the other standard:

* spelling of shared words: bahawa/bahwa, kerana/karena, kesihatan/kesehatan,
  nafas/napas, fikir/pikir, wang/uang, nombor/nomor, cuba/coba, mahu/mau;
* loan sources: English-derived Malay (klinikal, kes, ubat, doktor, teksi,
  -iti as in komuniti) against Dutch-derived Indonesian (klinis, kasus, obat,
  dokter, taksi, -itas as in komunitas); Indonesian -si loans Malay renders
  with its own words (infeksi/jangkitan, korupsi/rasuah, solusi/penyelesaian);
* everyday and institutional words: selepas/setelah, sahaja/saja,
  percuma/gratis, berjaya/berhasil, kerajaan/pemerintah, pejabat/kantor,
  kereta/mobil, pasar raya/pasar swalayan, pilihan raya/pemilu;
* month, day and country names (Ogos/Agustus, Khamis/Kamis, Jepun/Jepang);
* Jakarta colloquial forms (nggak, udah, banget, bikin);
* style: Indonesian capitalises the pronoun "Anda" mid-sentence, writes
  decimals with a comma (4,8) and thousands with a point (5.000).

Topic words are not evidence, however one-sided a corpus shows them, and
neither are proper nouns: a capitalised word inside a sentence ("Sri Aman",
"Pasar Baru") is a name, except the month, day and country names above, whose
spelling is the difference. The lists say which way each form points; how far
it points (its weight) is learned from data by bench/qa_build_variety_weights.py,
which also drops a form the data contradicts. Words written the same in both
standards are never listed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext_noop

from translations.qa.malay_indonesian_weights import MINED_WEIGHTS

# The one piece of evidence that is not a word; named in findings, so translated when shown.
DECIMAL_COMMA = gettext_noop("decimal comma (4,8)")
DECIMAL_POINT = gettext_noop("decimal point (4.8)")

# Indonesian form -> its Malay counterpart (named in the finding's message).
# Not standard Malay, or standard Malay with another meaning (kota is a
# fort, kamar rare, sulit "confidential", dingin "aloof").
INDONESIAN_MARKERS: dict[str, str] = {
    "agustus": "Ogos",
    "aja": "sahaja",
    "akademis": "akademik",
    "antisipasi": "jangkaan",
    "apartemen": "pangsapuri",
    "apotek": "farmasi",
    "apoteker": "ahli farmasi",
    "asuransi": "insurans",
    "bagian": "bahagian",
    "bahwa": "bahawa",
    "bandara": "lapangan terbang",
    "banget": "sangat",
    "beasiswa": "biasiswa",
    "beda": "beza",
    "belgia": "Belgium",
    "bepergian": "melancong",
    "berbagi": "berkongsi",
    "berbasis": "berasaskan",
    "berbeda": "berbeza",
    "berkas": "fail",
    "berkerabat": "berkait rapat",
    "berlibur": "bercuti",
    "berlomba": "berlumba",
    "bernapas": "bernafas",
    "berpikir": "berfikir",
    "bertanggung jawab": "bertanggungjawab",
    "besok": "esok",
    "bikin": "buat",
    "biologis": "biologi",
    "bisnis": "bisnes",
    "bupati": "?",
    "butuh": "perlu",
    "cairan": "cecair",
    "capek": "penat",
    "coba": "cuba",
    "dampak": "kesan",
    "daring": "dalam talian",
    "dasbor": "papan pemuka",
    "definisikan": "takrifkan",
    "delapan": "lapan",
    "demokratis": "demokratik",
    "desember": "Disember",
    "deteksi": "pengesanan",
    "deterjen": "detergen",
    "detik": "saat",
    "dialokasikan": "diperuntukkan",
    "diare": "cirit-birit",
    "dibahas": "dibincangkan",
    "dibatasi": "dihadkan",
    "dibedakan": "dibezakan",
    "dibutuhkan": "diperlukan",
    "dicoba": "dicuba",
    "dievaluasi": "dinilai",
    "dihitung": "dikira",
    "diidentifikasi": "dikenal pasti",
    "diisolasi": "diasingkan",
    "dikelola": "diurus",
    "dikonfirmasi": "disahkan",
    "dikurangi": "dikurangkan",
    "dilacak": "dikesan",
    "dinamis": "dinamik",
    "diperbarui": "dikemas kini",
    "diprediksi": "diramalkan",
    "dipublikasikan": "diterbitkan",
    "direkomendasikan": "disyorkan",
    "direktur": "pengarah",
    "direncanakan": "dirancang",
    "dirilis": "dikeluarkan",
    "disajikan": "dibentangkan",
    "distribusi": "pengedaran",
    "ditemukan": "ditemui",
    "ditransmisikan": "disebarkan",
    "diungkap": "didedahkan",
    "diusulkan": "dicadangkan",
    "dokter": "doktor",
    "donasi": "derma",
    "dong": "lah",
    "dosen": "pensyarah",
    "dramatis": "dramatik",
    "drastis": "drastik",
    "dukungan": "sokongan",
    "edukasi": "pendidikan",
    "efektivitas": "keberkesanan",
    "ekonomis": "ekonomik",
    "ekspor": "eksport",
    "energi": "tenaga",
    "enggak": "tidak",
    "epidemi": "epidemik",
    "eropa": "Eropah",
    "esensial": "penting",
    "estimasi": "anggaran",
    "evaluasi": "penilaian",
    "fasilitas": "kemudahan",
    "finlandia": "Finland",
    "fisik": "fizikal",
    "fisika": "fizik",
    "formulir": "borang",
    "frekuensi": "kekerapan",
    "gak": "tidak",
    "gampang": "mudah",
    "gesekan": "geseran",
    "gimana": "bagaimana",
    "gini": "begini",
    "ginjal": "buah pinggang",
    "gitu": "begitu",
    "gratis": "percuma",
    "grup": "kumpulan",
    "gugus": "pasukan",
    "handuk": "tuala",
    "harmonis": "harmoni",
    "hewan": "haiwan",
    "identifikasi": "pengenalpastian",
    "imbauan": "seruan",
    "implementasi": "pelaksanaan",
    "impor": "import",
    "inang": "hos",
    "inangnya": "hosnya",
    "inggris": "Inggeris",
    "internasional": "antarabangsa",
    "investasi": "pelaburan",
    "isolasi": "pengasingan",
    "istri": "isteri",
    "italia": "Itali",
    "iuran": "yuran",
    "jaksa": "pendakwa raya",
    "jaringan": "rangkaian",
    "jembatan": "jambatan",
    "jepang": "Jepun",
    "juli": "Julai",
    "jumat": "Jumaat",
    "juni": "Jun",
    "juru bicara": "jurucakap",
    "jurusan": "bidang",
    "justru": "justeru",
    "kabupaten": "daerah",
    "kakek": "datuk",
    "kalo": "kalau",
    "kamar": "bilik",
    "kamis": "Khamis",
    "kampanye": "kempen",
    "kantor": "pejabat",
    "kapal pesiar": "kapal persiaran",
    "kapan": "bila",
    "karantina": "kuarantin",
    "karena": "kerana",
    "karenanya": "keranaya",
    "kasur": "tilam",
    "kasus": "kes",
    "kayak": "macam",
    "kebutuhan": "keperluan",
    "kecamatan": "mukim",
    "kecelakaan": "kemalangan",
    "keefektifan": "keberkesanan",
    "kegiatan": "aktiviti",
    "kelelawar": "kelawar",
    "kelurahan": "kampung",
    "kemampuan": "keupayaan",
    "kemarin": "semalam",
    "kendaraan": "kenderaan",
    "kendati": "walaupun",
    "keparahan": "keterukan",
    "kepemimpinan": "kepimpinan",
    "kepengurusan": "pengurusan",
    "keran": "paip",
    "kerangka kerja": "rangka kerja",
    "kerusakan": "kerosakan",
    "kesehatan": "kesihatan",
    "ketemu": "jumpa",
    "keuangan": "kewangan",
    "khawatir": "khuatir",
    "klarifikasi": "penjelasan",
    "klaster": "kluster",
    "klinis": "klinikal",
    "koalisi": "gabungan",
    "komentar": "ulasan",
    "komisi": "suruhanjaya",
    "kompetisi": "pertandingan",
    "konfirmasi": "pengesahan",
    "konsekuensi": "akibat",
    "konser": "konsert",
    "konstitusi": "perlembagaan",
    "konsultasi": "perundingan",
    "konsumen": "pengguna",
    "konsumsi": "penggunaan",
    "kontribusi": "sumbangan",
    "kontrol": "kawalan",
    "korban": "mangsa",
    "korupsi": "rasuah",
    "kualitas": "kualiti",
    "kulkas": "peti sejuk",
    "kursi": "kerusi",
    "laboratorium": "makmal",
    "lainnya": "lain-lain",
    "laki-laki": "lelaki",
    "lansia": "warga emas",
    "lemari": "almari",
    "libur": "cuti",
    "liburan": "percutian",
    "limitasi": "batasan",
    "logis": "logik",
    "lokal": "tempatan",
    "lomba": "pertandingan",
    "luar negeri": "luar negara",
    "majelis": "majlis",
    "manajemen": "pengurusan",
    "manajer": "pengurus",
    "mantan": "bekas",
    "maret": "Mac",
    "masker": "pelitup muka",
    "mau": "mahu",
    "maupun": "mahupun",
    "medali": "pingat",
    "medis": "perubatan",
    "melacak": "mengesan",
    "membahas": "membincangkan",
    "membedakan": "membezakan",
    "membutuhkan": "memerlukan",
    "memengaruhi": "menjejaskan",
    "memperbarui": "mengemas kini",
    "memprediksi": "meramalkan",
    "memublikasikan": "menerbitkan",
    "memvalidasi": "mengesahkan",
    "mencakup": "merangkumi",
    "mencoba": "mencuba",
    "mendefinisikan": "mentakrifkan",
    "mendeteksi": "mengesan",
    "menelepon": "menelefon",
    "menemukan": "menemui",
    "mengalokasikan": "memperuntukkan",
    "mengelola": "mengurus",
    "mengendalikan": "mengawal",
    "mengestimasi": "menganggarkan",
    "mengidentifikasi": "mengenal pasti",
    "mengimbau": "menyeru",
    "menginduksi": "mengaruh",
    "menginfeksi": "menjangkiti",
    "mengobrol": "berbual",
    "mengonfirmasi": "mengesahkan",
    "mengusulkan": "mencadangkan",
    "menit": "minit",
    "mentransmisikan": "menyebarkan",
    "merekomendasikan": "mengesyorkan",
    "merencanakan": "merancang",
    "merilis": "mengeluarkan",
    "merusak": "merosakkan",
    "meskipun": "walaupun",
    "metode": "kaedah",
    "miliar": "bilion",
    "mobil": "kereta",
    "napas": "nafas",
    "negosiasi": "rundingan",
    "nggak": "tidak",
    "ngobrol": "berbual",
    "ngomong": "bercakap",
    "nomor": "nombor",
    "nonton": "tonton",
    "norwegia": "Norway",
    "obat": "ubat",
    "obat-obatan": "ubat-ubatan",
    "observasi": "pemerhatian",
    "otomatis": "automatik",
    "pabrik": "kilang",
    "paham": "faham",
    "pandemi": "pandemik",
    "panitera": "pendaftar",
    "pariwisata": "pelancongan",
    "parlemen": "parlimen",
    "partai": "parti",
    "partisipasi": "penyertaan",
    "pascasarjana": "pascasiswazah",
    "pasien": "pesakit",
    "pasokan": "bekalan",
    "pelacakan": "pengesanan",
    "pembaruan": "kemas kini",
    "pembatasan": "sekatan",
    "pemilu": "pilihan raya",
    "pengacara": "peguam",
    "pengadilan": "mahkamah",
    "pengelolaan": "pengurusan",
    "pengembangan": "pembangunan",
    "pengen": "hendak",
    "pengendalian": "kawalan",
    "pengobatan": "pengubatan",
    "pengodean": "pengekodan",
    "pengujian": "ujian",
    "pensiun": "pencen",
    "penyajian": "pembentangan",
    "pepaya": "betik",
    "peran": "peranan",
    "perawat": "jururawat",
    "perbedaan": "perbezaan",
    "percobaan": "percubaan",
    "perencanaan": "perancangan",
    "periode": "tempoh",
    "perkiraan": "anggaran",
    "pernapasan": "pernafasan",
    "persen": "peratus",
    "persentase": "peratusan",
    "pikir": "fikir",
    "pikiran": "fikiran",
    "pilek": "selesema",
    "polandia": "Poland",
    "politis": "politik",
    "polusi": "pencemaran",
    "populer": "popular",
    "prancis": "Perancis",
    "prediksi": "ramalan",
    "pria": "lelaki",
    "produsen": "pengeluar",
    "properti": "hartanah",
    "provinsi": "negeri",
    "proyek": "projek",
    "psikologis": "psikologi",
    "publikasi": "penerbitan",
    "puskesmas": "klinik kesihatan",
    "putaran": "pusingan",
    "rawat": "rawatan",
    "realistis": "realistik",
    "regulasi": "peraturan",
    "rekomendasi": "syor",
    "rekor": "rekod",
    "resep": "preskripsi",
    "resmi": "rasmi",
    "rilis": "kenyataan",
    "riset": "penyelidikan",
    "rumah sakit": "hospital",
    "rusak": "rosak",
    "saat ini": "kini",
    "sebagian": "sebahagian",
    "secara resmi": "secara rasmi",
    "sehat": "sihat",
    "sekretaris": "setiausaha",
    "selandia": "New Zealand",
    "semangka": "tembikai",
    "semifinal": "separuh akhir",
    "sendok": "sudu",
    "senin": "Isnin",
    "sepak bola": "bola sepak",
    "sepatu": "kasut",
    "sepeda": "basikal",
    "sepeda motor": "motosikal",
    "serikat": "Syarikat",
    "sertifikasi": "pensijilan",
    "setengah": "separuh",
    "setidaknya": "sekurang-kurangnya",
    "sih": "lah",
    "silakan": "sila",
    "sistematis": "sistematik",
    "sopir": "pemandu",
    "sore": "petang",
    "sosialisasi": "penerangan",
    "spanyol": "Sepanyol",
    "standar": "standard",
    "stasiun": "stesen",
    "statis": "statik",
    "strategis": "strategik",
    "studi": "kajian",
    "sulit": "sukar",
    "surveilans": "pengawasan",
    "swedia": "Sweden",
    "taksi": "teksi",
    "tanggal": "tarikh",
    "tanggung jawab": "tanggungjawab",
    "teknis": "teknikal",
    "telepon": "telefon",
    "televisi": "televisyen",
    "tenggorokan": "tekak",
    "tentara": "tentera",
    "teoretis": "teori",
    "teoritis": "teori",
    "terdakwa": "tertuduh",
    "terdampak": "terjejas",
    "terdeteksi": "dikesan",
    "terinfeksi": "dijangkiti",
    "terkadang": "kadang-kadang",
    "terkendali": "terkawal",
    "terkonfirmasi": "disahkan",
    "terpapar": "terdedah",
    "tes": "ujian",
    "tetangga": "jiran",
    "tim": "pasukan",
    "tiongkok": "China",
    "toko": "kedai",
    "transportasi": "pengangkutan",
    "trenggiling": "tenggiling",
    "triliun": "trilion",
    "truk": "lori",
    "tumpang tindih": "bertindih",
    "tuturnya": "katanya",
    "uang": "wang",
    "udah": "sudah",
    "ujarnya": "katanya",
    "universitas": "universiti",
    "usulan": "cadangan",
    "utang": "hutang",
    "ventilasi": "pengudaraan",
    "verifikasi": "pengesahan",
    "wabah": "wabak",
    "wadah": "bekas",
    "wali kota": "datuk bandar",
    "walikota": "datuk bandar",
    "wisata": "pelancongan",
    "wisatawan": "pelancong",
    "wortel": "lobak merah",
    "yaitu": "iaitu",
    "yakni": "iaitu",
    "yunani": "Greece",
}


# Standard Malay too (DBP lists them), only much rarer there, or Malay with
# another meaning that news and health text use (pemerintah "ruler",
# perusahaan "industry", lingkungan "range"). "polisi" is Malay for *policy*.
INDONESIAN_SOFT_MARKERS: dict[str, str] = {
    "agar": "supaya",
    "alokasi": "peruntukan",
    "aneh": "pelik",
    "angka": "bilangan",
    "apakah": "adakah",
    "apresiasi": "penghargaan",
    "area": "kawasan",
    "asam": "asid",
    "bahkan": "malah",
    "bapak": "bapa",
    "baru": "baharu",
    "bedah": "pembedahan",
    "berawal": "bermula",
    "berbagai": "pelbagai",
    "berhasil": "berjaya",
    "berisi": "mengandungi",
    "berlanjut": "berterusan",
    "biaya": "kos",
    "bilang": "kata",
    "bisa": "boleh",
    "cangkir": "cawan",
    "celana": "seluar",
    "cuci": "basuh",
    "dapat": "boleh",
    "darurat": "kecemasan",
    "desa": "kampung",
    "didukung": "disokong",
    "dievakuasi": "dipindahkan",
    "dikembangkan": "dibangunkan",
    "dimulai": "dimulakan",
    "dingin": "sejuk",
    "diperluas": "diluaskan",
    "diperpanjang": "dilanjutkan",
    "disarankan": "disyorkan",
    "dulu": "dahulu",
    "efek": "kesan",
    "efektif": "berkesan",
    "evakuasi": "pemindahan",
    "galur": "baka",
    "gedung": "bangunan",
    "gejala": "simptom",
    "gelar": "ijazah",
    "hal": "perkara",
    "hindari": "elakkan",
    "hingga": "sehingga",
    "ibu": "emak",
    "infeksi": "jangkitan",
    "informasi": "maklumat",
    "jendela": "tingkap",
    "kala": "ketika",
    "karyawan": "pekerja",
    "keamanan": "keselamatan",
    "keberhasilan": "kejayaan",
    "kebijakan": "dasar",
    "kelompok": "kumpulan",
    "kesulitan": "kesukaran",
    "kirim": "hantar",
    "kondisi": "keadaan",
    "kontak": "sentuhan",
    "kota": "bandar",
    "kritis": "kritikal",
    "lebih lanjut": "lanjut",
    "lelah": "letih",
    "leluhur": "nenek moyang",
    "level": "tahap",
    "lingkungan": "alam sekitar",
    "lucu": "kelakar",
    "mahasiswa": "pelajar universiti",
    "melelahkan": "memenatkan",
    "membatasi": "mengehadkan",
    "memiliki": "mempunyai",
    "memperbanyak": "membanyakkan",
    "memperburuk": "memburukkan",
    "mempercepat": "mempercepatkan",
    "memperjelas": "menjelaskan",
    "memperketat": "memperketatkan",
    "memperkuat": "mengukuhkan",
    "memperlambat": "melambatkan",
    "memperluas": "meluaskan",
    "mempermudah": "memudahkan",
    "memperpanjang": "melanjutkan",
    "memperparah": "memburukkan",
    "memulai": "memulakan",
    "memungkinkan": "membolehkan",
    "mencuci": "membasuh",
    "mendatang": "akan datang",
    "menderita": "menghidap",
    "mendukung": "menyokong",
    "mengatakan": "berkata",
    "mengembangkan": "membangunkan",
    "menghambat": "menghalang",
    "menghindari": "mengelakkan",
    "menghitung": "mengira",
    "mengundang": "menjemput",
    "mengungkap": "mendedahkan",
    "mengungkapkan": "mendedahkan",
    "mengurangi": "mengurangkan",
    "menular": "berjangkit",
    "menurut": "mengikut",
    "menyarankan": "mencadangkan",
    "menyusul": "berikutan",
    "merasa": "berasa",
    "meski": "walaupun",
    "mirip": "seperti",
    "modifikasi": "pengubahsuaian",
    "mual": "loya",
    "mulai": "mula",
    "namun": "tetapi",
    "nasional": "kebangsaan",
    "nyaman": "selesa",
    "nyeri": "sakit",
    "olahraga": "sukan",
    "pajak": "cukai",
    "para": "?",
    "parah": "teruk",
    "parkir": "letak kereta",
    "pelan": "perlahan",
    "pelatih": "jurulatih",
    "pemerintah": "kerajaan",
    "pemerintahan": "kerajaan",
    "penampilan": "persembahan",
    "penderita": "penghidap",
    "peneliti": "penyelidik",
    "penelitian": "penyelidikan",
    "pengemudi": "pemandu",
    "pengusaha": "usahawan",
    "penyebab": "punca",
    "per": "setiap",
    "perangkat": "peranti",
    "perawatan": "rawatan",
    "perbatasan": "sempadan",
    "pertandingan": "perlawanan",
    "perusahaan": "syarikat",
    "perwakilan": "wakil",
    "petugas": "pegawai",
    "piring": "pinggan",
    "polisi": "polis",
    "posisi": "kedudukan",
    "praktik": "amalan",
    "praktis": "praktikal",
    "produksi": "pengeluaran",
    "publik": "awam",
    "rapat": "mesyuarat",
    "rekan": "rakan",
    "rencana": "rancangan",
    "renovasi": "pengubahsuaian",
    "riwayat": "sejarah",
    "saat": "semasa",
    "saja": "sahaja",
    "sampai": "sehingga",
    "saran": "cadangan",
    "sebelumnya": "sebelum ini",
    "sebesar": "sebanyak",
    "sedikitnya": "sekurang-kurangnya",
    "seiring": "sejajar",
    "sejumlah": "beberapa",
    "sekitar": "kira-kira",
    "selanjutnya": "seterusnya",
    "sering": "kerap",
    "sesudah": "selepas",
    "setelah": "selepas",
    "seusai": "selepas",
    "siswa": "pelajar",
    "solusi": "penyelesaian",
    "tampak": "nampak",
    "tampaknya": "nampaknya",
    "tampil": "muncul",
    "terhirup": "tersedut",
    "terhubung": "berhubung",
    "terjadi": "berlaku",
    "terkait": "berkaitan",
    "tersebut": "itu",
    "terungkap": "terbongkar",
    "tingkat": "tahap",
    "total": "jumlah",
    "transfer": "pemindahan",
    "transmisi": "penularan",
    "tunjangan": "elaun",
    "uji": "ujian",
    "undangan": "jemputan",
    "upaya": "usaha",
    "usia": "umur",
    "validasi": "pengesahan",
    "wajah": "muka",
    "waktu": "masa",
}


# Malay form -> its Indonesian counterpart: not standard Indonesian, or rare there.
MALAY_MARKERS: dict[str, str] = {
    "aktiviti": "aktivitas",
    "alam sekitar": "lingkungan",
    "almari": "lemari",
    "antarabangsa": "internasional",
    "apatah": "apalagi",
    "askar": "prajurit",
    "automatik": "otomatis",
    "awam": "publik",
    "bahagian": "bagian",
    "baharu": "baru",
    "bahawa": "bahwa",
    "baik pulih": "perbaikan",
    "bajet": "anggaran",
    "basikal": "sepeda",
    "bekalan": "pasokan",
    "belanjawan": "anggaran",
    "berasaskan": "berbasis",
    "berbanding": "dibandingkan",
    "berbeza": "berbeda",
    "berbual": "mengobrol",
    "berfikir": "berpikir",
    "berikutan": "menyusul",
    "berjangkit": "menular",
    "berjaya": "berhasil",
    "berkait": "terkait",
    "berkongsi": "berbagi",
    "bernafas": "bernapas",
    "bertanggungjawab": "bertanggung jawab",
    "berterusan": "berlanjut",
    "betik": "pepaya",
    "beza": "beda",
    "biasiswa": "beasiswa",
    "bilik": "kamar",
    "bilion": "miliar",
    "bisnes": "bisnis",
    "bola sepak": "sepak bola",
    "borang": "formulir",
    "buah pinggang": "ginjal",
    "budak": "anak",
    "bulan lepas": "bulan lalu",
    "cawan": "cangkir",
    "cecair": "cairan",
    "cirit-birit": "diare",
    "cuba": "coba",
    "cukai": "pajak",
    "dalam talian": "daring",
    "detergen": "deterjen",
    "dibaiki": "diperbaiki",
    "dibezakan": "dibedakan",
    "dicadangkan": "diusulkan",
    "dicuba": "dicoba",
    "didedahkan": "diungkapkan",
    "difahamkan": "dipahami",
    "dihadkan": "dibatasi",
    "dijangka": "diperkirakan",
    "dijangkiti": "terinfeksi",
    "dikemas kini": "diperbarui",
    "dikesan": "terdeteksi",
    "dimulakan": "dimulai",
    "disember": "Desember",
    "disokong": "didukung",
    "disyorkan": "direkomendasikan",
    "drastik": "drastis",
    "eksport": "ekspor",
    "elakkan": "hindari",
    "elaun": "tunjangan",
    "epidemik": "epidemi",
    "eropah": "Eropa",
    "faham": "paham",
    "fikir": "pikir",
    "fikiran": "pikiran",
    "fizik": "fisika",
    "fizikal": "fisik",
    "geseran": "gesekan",
    "had": "batas",
    "haiwan": "hewan",
    "hartanah": "properti",
    "hospital": "rumah sakit",
    "iaitu": "yaitu",
    "imej": "citra",
    "impak": "dampak",
    "inggeris": "Inggris",
    "insurans": "asuransi",
    "isnin": "Senin",
    "isteri": "istri",
    "itali": "Italia",
    "jambatan": "jembatan",
    "jangkitan": "infeksi",
    "jepun": "Jepang",
    "jiran": "tetangga",
    "julai": "Juli",
    "jumaat": "Jumat",
    "jurucakap": "juru bicara",
    "jurulatih": "pelatih",
    "jururawat": "perawat",
    "justeru": "justru",
    "kaedah": "metode",
    "kakitangan": "karyawan",
    "kapal persiaran": "kapal pesiar",
    "kasut": "sepatu",
    "kawalan": "pengendalian",
    "keberkesanan": "efektivitas",
    "kecemasan": "darurat",
    "kejohanan": "kejuaraan",
    "kekerapan": "frekuensi",
    "kelakar": "lucu",
    "kelawar": "kelelawar",
    "kemalangan": "kecelakaan",
    "kemas kini": "pembaruan",
    "kempen": "kampanye",
    "kemudiannya": "kemudian",
    "kenderaan": "kendaraan",
    "kepimpinan": "kepemimpinan",
    "kerajaan": "pemerintah",
    "kerana": "karena",
    "kerosakan": "kerusakan",
    "kerusi": "kursi",
    "kes": "kasus",
    "kesemua": "semua",
    "kesihatan": "kesehatan",
    "ketara": "signifikan",
    "keterukan": "keparahan",
    "keupayaan": "kemampuan",
    "kewangan": "keuangan",
    "khamis": "Kamis",
    "khuatir": "khawatir",
    "klinikal": "klinis",
    "kluster": "klaster",
    "konsert": "konser",
    "kos": "biaya",
    "kritikal": "kritis",
    "kualiti": "kualitas",
    "kuarantin": "karantina",
    "lapan": "delapan",
    "lapangan terbang": "bandara",
    "lebih kurang": "kurang lebih",
    "lori": "truk",
    "loya": "mual",
    "luar negara": "luar negeri",
    "mac": "Maret",
    "mahu": "mau",
    "mahupun": "maupun",
    "majlis": "majelis",
    "maklumat": "informasi",
    "makmal": "laboratorium",
    "manakala": "sedangkan",
    "mangsa": "korban",
    "membaiki": "memperbaiki",
    "membezakan": "membedakan",
    "memburukkan": "memperburuk",
    "memperuntukkan": "mengalokasikan",
    "memulakan": "memulai",
    "mencadangkan": "menyarankan",
    "mencuba": "mencoba",
    "mendedahkan": "mengungkapkan",
    "menelefon": "menelepon",
    "mengandungi": "berisi",
    "mengehadkan": "membatasi",
    "mengemas kini": "memperbarui",
    "mengesan": "mendeteksi",
    "mengesyorkan": "merekomendasikan",
    "menghidap": "menderita",
    "menguruskan": "mengurus",
    "menguruskannya": "mengurusnya",
    "menjangkiti": "menginfeksi",
    "menjejaskan": "memengaruhi",
    "mentakrifkan": "mendefinisikan",
    "menyokong": "mendukung",
    "merangkumi": "mencakup",
    "mesyuarat": "rapat",
    "minggu lepas": "minggu lalu",
    "minit": "menit",
    "motosikal": "sepeda motor",
    "nafas": "napas",
    "nombor": "nomor",
    "ogos": "Agustus",
    "paip": "keran",
    "pandemik": "pandemi",
    "pangsapuri": "apartemen",
    "parlimen": "parlemen",
    "parti": "partai",
    "pasar raya": "pasar swalayan",
    "pascasiswazah": "pascasarjana",
    "peguam": "pengacara",
    "pelabur": "investor",
    "pelaburan": "investasi",
    "pelancong": "wisatawan",
    "pelancongan": "pariwisata",
    "pelbagai": "berbagai",
    "pelitup": "masker",
    "pemerhatian": "observasi",
    "penat": "capek",
    "pencen": "pensiun",
    "pendakwa": "jaksa",
    "pendedahan": "paparan",
    "pengangkutan": "transportasi",
    "pengarah": "direktur",
    "pengerusi": "ketua",
    "pengesanan": "deteksi",
    "penghidap": "penderita",
    "pengubatan": "pengobatan",
    "pengurusan": "manajemen",
    "pensijilan": "sertifikasi",
    "pensyarah": "dosen",
    "peperiksaan": "ujian",
    "perancangan": "perencanaan",
    "perancis": "Prancis",
    "peranti": "perangkat",
    "peratus": "persen",
    "peratusan": "persentase",
    "perbezaan": "perbedaan",
    "percubaan": "percobaan",
    "percutian": "liburan",
    "perkongsian": "berbagi",
    "perlembagaan": "konstitusi",
    "pernafasan": "pernapasan",
    "perniagaan": "bisnis",
    "perubatan": "medis",
    "pesakit": "pasien",
    "pilihan raya": "pemilu",
    "pingat": "medali",
    "pinggan": "piring",
    "polis": "polisi",
    "popular": "populer",
    "praktikal": "praktis",
    "preskripsi": "resep",
    "projek": "proyek",
    "pusingan": "putaran",
    "rakan": "rekan",
    "rangka kerja": "kerangka kerja",
    "rasmi": "resmi",
    "rasuah": "korupsi",
    "rawatan": "perawatan",
    "realistik": "realistis",
    "rekod": "rekor",
    "rosak": "rusak",
    "rundingan": "negosiasi",
    "sahaja": "saja",
    "saiz": "ukuran",
    "sebahagian": "sebagian",
    "sebarang": "apa pun",
    "sekatan": "pembatasan",
    "sekurang-kurangnya": "setidaknya",
    "selepas": "setelah",
    "selesa": "nyaman",
    "selesema": "pilek",
    "selsema": "pilek",
    "seluar": "celana",
    "sempadan": "perbatasan",
    "sepanyol": "Spanyol",
    "separuh": "setengah",
    "separuh akhir": "semifinal",
    "seramai": "sebanyak",
    "sesetengah": "sebagian",
    "setakat": "hingga",
    "setiausaha": "sekretaris",
    "sihat": "sehat",
    "sila": "silakan",
    "simptom": "gejala",
    "sistematik": "sistematis",
    "siswazah": "sarjana",
    "sokongan": "dukungan",
    "stesen": "stasiun",
    "strategik": "strategis",
    "sudu": "sendok",
    "sukan": "olahraga",
    "suruhanjaya": "komisi",
    "syarikat": "Serikat/perusahaan",
    "tahun lepas": "tahun lalu",
    "takrif": "definisi",
    "takrifkan": "definisikan",
    "tambahan pula": "selain itu",
    "tandas": "toilet",
    "tanggungjawab": "tanggung jawab",
    "tarikh": "tanggal",
    "tekak": "tenggorokan",
    "teknikal": "teknis",
    "teksi": "taksi",
    "telefon": "telepon",
    "televisyen": "televisi",
    "tembikai": "semangka",
    "tempatan": "lokal",
    "tempoh": "periode",
    "tenggiling": "trenggiling",
    "tentera": "tentara",
    "terdedah": "terpapar",
    "terjejas": "terdampak",
    "terkawal": "terkendali",
    "teruk": "parah",
    "terutamanya": "terutama",
    "tilam": "kasur",
    "timbalan": "wakil",
    "tingkap": "jendela",
    "trilion": "triliun",
    "tuala": "handuk",
    "ubat": "obat",
    "ubat-ubatan": "obat-obatan",
    "universiti": "universitas",
    "usahawan": "pengusaha",
    "wabak": "wabah",
    "wang": "uang",
    "warga emas": "lansia",
    "yuran": "iuran",
}


# Standard Indonesian too, only much rarer there, or Indonesian with another
# meaning (pejabat "official", doktor "PhD", mengira "suppose").
MALAY_SOFT_MARKERS: dict[str, str] = {
    "adakah": "apakah",
    "amat": "sangat",
    "apabila": "ketika",
    "arahan": "instruksi",
    "bagaimanapun": "namun",
    "bandar": "kota",
    "bekas": "mantan",
    "beliau": "dia",
    "bercuti": "berlibur",
    "berkaitan": "terkait",
    "berkata": "mengatakan",
    "berkenaan": "terkait",
    "berkesan": "efektif",
    "berlaku": "terjadi",
    "bermula": "berawal",
    "bilangan": "jumlah",
    "bimbang": "khawatir",
    "boleh": "bisa",
    "buat": "bikin",
    "cabaran": "tantangan",
    "cadangan": "usulan",
    "contohnya": "misalnya",
    "daripada": "dari",
    "diasingkan": "diisolasi",
    "dibangunkan": "dikembangkan",
    "didapati": "ditemukan",
    "dihantar": "dikirim",
    "dikira": "dihitung",
    "dikurangkan": "dikurangi",
    "dipercayai": "dipercaya",
    "diperlukan": "dibutuhkan",
    "dirancang": "direncanakan",
    "disebabkan": "karena",
    "ditemui": "ditemukan",
    "doktor": "dokter",
    "elak": "hindar",
    "esok": "besok",
    "hadapan": "depan",
    "hendaklah": "harus",
    "hutang": "utang",
    "ialah": "adalah",
    "jemputan": "undangan",
    "jua": "juga",
    "kadar": "tingkat",
    "kajian": "studi",
    "kanak-kanak": "anak-anak",
    "keadaan": "kondisi",
    "kebangsaan": "nasional",
    "kebanyakan": "sebagian besar",
    "kedai": "toko",
    "kejayaan": "keberhasilan",
    "kemudahan": "fasilitas",
    "kepada": "ke",
    "keperluan": "kebutuhan",
    "kesan": "dampak",
    "keselamatan": "keamanan",
    "kesukaran": "kesulitan",
    "kilang": "pabrik",
    "kini": "sekarang",
    "kira-kira": "sekitar",
    "kumpulan": "kelompok",
    "lelaki": "laki-laki",
    "mahkamah": "pengadilan",
    "malah": "bahkan",
    "memandu": "mengemudi",
    "membangunkan": "mengembangkan",
    "membasuh": "mencuci",
    "membolehkan": "memungkinkan",
    "memerlukan": "membutuhkan",
    "mempercepatkan": "mempercepat",
    "mempunyai": "memiliki",
    "menemui": "menemukan",
    "menerusi": "melalui",
    "mengawal": "mengendalikan",
    "mengelakkan": "menghindari",
    "mengenai": "tentang",
    "menghantar": "mengirim",
    "mengikut": "menurut",
    "mengira": "menghitung",
    "mengurangkan": "mengurangi",
    "menjemput": "mengundang",
    "merancang": "merencanakan",
    "mesti": "harus",
    "mula": "mulai",
    "mula-mula": "pertama",
    "nampaknya": "tampaknya",
    "pakar": "ahli",
    "pasukan": "tim",
    "pegawai": "petugas",
    "pejabat": "kantor",
    "pelajar": "siswa",
    "pelik": "aneh",
    "pemandu": "sopir",
    "pembedahan": "bedah",
    "pengasingan": "isolasi",
    "pengurus": "manajer",
    "penyelidik": "peneliti",
    "penyelidikan": "penelitian",
    "penyertaan": "partisipasi",
    "percuma": "gratis",
    "peringkat": "tingkat",
    "perkara": "hal",
    "perkhidmatan": "layanan",
    "perlawanan": "pertandingan",
    "peruntukan": "alokasi",
    "petang": "sore",
    "pula": "juga",
    "punca": "penyebab",
    "ramai": "banyak",
    "rangkaian": "jaringan",
    "risau": "khawatir",
    "sejuk": "dingin",
    "sekiranya": "jika",
    "semasa": "saat",
    "semenjak": "sejak",
    "semula": "kembali",
    "sepatutnya": "seharusnya",
    "seterusnya": "selanjutnya",
    "sukar": "sulit",
    "sungguhpun": "meskipun",
    "tertuduh": "terdakwa",
    "tiada": "tidak ada",
    "turut": "ikut",
    "ujian": "tes",
    "walaupun": "meskipun",
}

# Prior weights (log-odds, Indonesian positive) before the data is seen: a
# marker that is not standard in the other variety counts for much more than
# one that is only rarer there.
STRONG = 2.5
SOFT = 1.0

# Features that are not words: keys of the same weight table.
DECIMAL_COMMA_FEATURE = "#decimal-comma"
THOUSANDS_POINT_FEATURE = "#thousands-point"
THOUSANDS_COMMA_FEATURE = "#thousands-comma"
ANDA_CAPITAL_FEATURE = "#Anda"
ANDA_LOWER_FEATURE = "#anda"
ITAS_FEATURE = "#-itas"
ITI_FEATURE = "#-iti"
IS_ADJECTIVE_FEATURE = "#-ologis/-istis/-atis"
STYLE_FEATURES = frozenset({THOUSANDS_POINT_FEATURE, THOUSANDS_COMMA_FEATURE, ANDA_CAPITAL_FEATURE, ANDA_LOWER_FEATURE})


def _prior_weights() -> dict[str, float]:
    priors: dict[str, float] = {}
    priors.update({form: SOFT for form in INDONESIAN_SOFT_MARKERS})
    priors.update({form: -SOFT for form in MALAY_SOFT_MARKERS})
    priors.update({form: STRONG for form in INDONESIAN_MARKERS})
    priors.update({form: -STRONG for form in MALAY_MARKERS})
    priors.update(
        {
            DECIMAL_COMMA_FEATURE: STRONG,
            THOUSANDS_POINT_FEATURE: SOFT,
            THOUSANDS_COMMA_FEATURE: -SOFT,
            ANDA_CAPITAL_FEATURE: SOFT,
            ANDA_LOWER_FEATURE: -SOFT,
            ITAS_FEATURE: STRONG,
            ITI_FEATURE: -STRONG,
            IS_ADJECTIVE_FEATURE: STRONG,
        }
    )
    return priors


PRIOR_WEIGHTS = _prior_weights()

# Spelled with a capital in both standards, and spelled differently: the
# spelling is the evidence, so these count even inside a sentence.
_CAPITALISED_FORMS = frozenset(
    """maret agustus juli juni desember mac ogos julai disember senin kamis jumat isnin khamis jumaat tiongkok
    italia itali eropa eropah inggris inggeris serikat syarikat jepang jepun prancis perancis spanyol sepanyol
    selandia swedia norwegia belgia polandia finlandia yunani""".split()
)
_COUNTERPARTS: dict[str, str] = {**INDONESIAN_SOFT_MARKERS, **INDONESIAN_MARKERS}
# Two-word forms, looked up as pairs of neighbouring words.
_PAIRS = frozenset(form for form in PRIOR_WEIGHTS if " " in form)

# Productive loan-word endings: Dutch -iteit gave Indonesian -itas
# (komunitas, kapasitas), English -ity gave Malay -iti (komuniti, kapasiti).
# "teliti"/"diikuti" are native words that happen to end in -iti.
_ITAS_RE = re.compile(r"[a-z]{3,}itas$")
_ITI_RE = re.compile(r"[a-z]{3,}iti$")
# Dutch -isch gave Indonesian adjectives in -is (ekologis, realistis,
# sistematis), English -ic/-ical Malay ones in -ik/-ikal (ekologi, realistik).
_IS_ADJECTIVE_RE = re.compile(r"[a-z]{2,}(?:ologis|istis|matis|ratis)$")
_NATIVE_ITI = {"teliti", "meneliti", "diteliti", "peneliti", "diikuti", "mengikuti", "dijangkiti", "menjangkiti"}

_WORD_RE = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
# Indonesia writes decimals with a comma (4,8 hari); Malaysia and Singapore
# with a point. Three digits after the comma is a thousands separator instead.
_DECIMAL_COMMA_RE = re.compile(r"(?<![\d,.])\d+,\d{1,2}(?![\d,])")
# Thousands: 5.000 / 1.250.000 in Indonesia, 5,000 / 1,250,000 in Malaysia.
_THOUSANDS_POINT_RE = re.compile(r"(?<![\d,.])\d{1,3}(?:\.\d{3})+(?![\d,]|\.\d)")
_THOUSANDS_COMMA_RE = re.compile(r"(?<![\d,.])\d{1,3}(?:,\d{3})+(?![\d.]|,\d)")
# A word that starts a sentence (after . ! ? : or a bullet) may be capitalised
# in either standard.
_SENTENCE_OPENERS = frozenset(".!?:;\"“”'‘’(-–—•*")


def _starts_sentence(text: str, position: int) -> bool:
    before = text[max(0, position - 4) : position].rstrip()
    if not before:
        return not text[:position].strip()
    return before[-1] in _SENTENCE_OPENERS


def _title_case(words: list[str]) -> bool:
    """A heading in title case capitalises every word, so capitals say nothing there."""
    long_words = [w for w in words if len(w) >= 4]
    return len(long_words) >= 2 and sum(1 for w in long_words if w[0].isupper()) >= 0.6 * len(long_words)


def _base_form(lower: str) -> str:
    """The listed form inside a reduplicated or -nya word: gejala-gejala,
    kasusnya and inangnya are gejala, kasus and inang."""
    if lower in PRIOR_WEIGHTS:
        return lower
    first, _, second = lower.partition("-")
    if first and first == second:
        return first
    if lower.endswith("nya") and len(lower) >= 7 and lower[:-3] in PRIOR_WEIGHTS:
        return lower[:-3]
    return lower


def features(text: str) -> set[str]:
    """The variety features present in the text (keys of PRIOR_WEIGHTS and the weight table)."""
    return set(_features(text))


def _features(text: str) -> dict[str, str]:
    """Feature -> the word or number that shows it, as written in the text."""
    found: dict[str, str] = {}
    matches = list(_WORD_RE.finditer(text))
    title_case = _title_case([m.group(0) for m in matches])
    previous: str | None = None
    previous_end = -1
    for match in matches:
        word = match.group(0)
        lower = word.lower()
        if lower == "anda":
            if word == "anda":
                found[ANDA_LOWER_FEATURE] = word
            elif word == "Anda" and not title_case and not _starts_sentence(text, match.start()):
                found[ANDA_CAPITAL_FEATURE] = word
            previous = None
            continue
        if (
            word[0].isupper()
            and not title_case
            and lower not in _CAPITALISED_FORMS
            and not _starts_sentence(text, match.start())
        ):
            # A name ("Sri Aman", "Rumah Sakit Umum", "Pasar Baru") says
            # nothing about the standard the sentence is written in.
            previous = None
            continue
        if previous is not None and text[previous_end : match.start()] == " ":
            pair = previous + " " + lower
            if pair in _PAIRS:
                found[pair] = pair
        previous, previous_end = lower, match.end()
        base = _base_form(lower)
        if base in PRIOR_WEIGHTS:
            found[base] = base
        elif _ITAS_RE.match(lower):
            found[ITAS_FEATURE] = lower
        elif _ITI_RE.match(lower) and lower not in _NATIVE_ITI:
            found[ITI_FEATURE] = lower
        elif _IS_ADJECTIVE_RE.match(lower):
            found[IS_ADJECTIVE_FEATURE] = lower
    for feature, pattern in (
        (DECIMAL_COMMA_FEATURE, _DECIMAL_COMMA_RE),
        (THOUSANDS_POINT_FEATURE, _THOUSANDS_POINT_RE),
        (THOUSANDS_COMMA_FEATURE, _THOUSANDS_COMMA_RE),
    ):
        number = pattern.search(text)
        if number:
            found[feature] = number.group(0)
    return found


# Frequent function words, to tell the Malay/Indonesian family from English.
MALAY_FAMILY_WORDS = frozenset(
    """yang dan di untuk dengan ini itu dalam tidak pada adalah akan ke dari daripada oleh atau juga telah
    kepada mereka boleh dapat lebih ada bagi sebagai saya anda kita kami ia jika tetapi semua hanya sudah
    masih seperti kerana karena bahawa bahwa antara secara setiap banyak orang hari tersebut boleh perlu
    harus sangat jangan sila apabila ketika serta iaitu yaitu ialah bagaimana apakah adakah kami dia""".split()
)
ENGLISH_WORDS = frozenset(
    """the of and to in is a an that for it as was with be by on not this are or from at which but have
    they you were their been has will can should may if there these who more also your do does did what
    when how its our we he she his her them than then into about after before because would could""".split()
)

# Indonesian once the evidence reaches 2.0 in log-odds (about 7 to 1), and one
# feature by itself weighs SOFT or more towards Indonesian: many faintly
# Indonesian-leaning words in a long Malay sentence are noise, not evidence.
# A rule, not a tuned number: docs/qa.md gives its error rates per corpus.
INDONESIAN_THRESHOLD = 2.0


@dataclass(frozen=True)
class VarietyEvidence:
    score: float  # log-odds, Indonesian positive
    indonesian_examples: tuple[tuple[str, str], ...]  # (Indonesian form, Malay form)

    @property
    def is_indonesian(self) -> bool:
        return self.score >= INDONESIAN_THRESHOLD and bool(self.indonesian_examples)


def _example(feature: str, written: str) -> tuple[str, str]:
    """(Indonesian form, Malay form or "?") to name in the finding."""
    if feature == DECIMAL_COMMA_FEATURE:
        return DECIMAL_COMMA, DECIMAL_POINT
    if feature == THOUSANDS_POINT_FEATURE:
        return written, written.replace(".", ",")
    if feature == ITAS_FEATURE:
        return written, written[:-2] + "i"
    if feature == ANDA_CAPITAL_FEATURE:
        return "Anda", "anda"
    if feature.startswith("#"):
        return written, "?"
    return feature, _COUNTERPARTS.get(feature, "?")


def variety_evidence(text: str, weights: dict[str, float] | None = None) -> VarietyEvidence:
    """The evidence for Indonesian in a text; `weights` replaces the shipped
    table (the cross-corpus measurement trains its own)."""
    table = MINED_WEIGHTS if weights is None else weights
    score = 0.0
    examples: list[tuple[float, str, str]] = []
    for feature, written in _features(text).items():
        weight = table.get(feature, 0.0)
        score += weight
        if weight >= SOFT:
            examples.append((weight, *_example(feature, written)))
    examples.sort(key=lambda item: (-item[0], item[1]))
    return VarietyEvidence(score, tuple((w, c) for _, w, c in examples[:3]))


def function_word_counts(text: str) -> tuple[int, int]:
    """(Malay/Indonesian function words, English function words) in the text."""
    malay_family = english = 0
    for match in _WORD_RE.finditer(text):
        lower = match.group(0).lower()
        if lower in MALAY_FAMILY_WORDS:
            malay_family += 1
        elif lower in ENGLISH_WORDS:
            english += 1
    return malay_family, english
