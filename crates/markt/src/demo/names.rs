//! Word lists for the demo city: plausible, invented people of a Dutch city.

/// Surnames with the infix they usually carry ("" for none). Some appear with several.
pub const SURNAMES: &[(&str, &str)] = &[
    ("Jansen", ""), ("Vries", "de"), ("Bakker", ""), ("Visser", ""), ("Smit", ""), ("Meijer", ""),
    ("Mulder", ""), ("Bos", ""), ("Vos", ""), ("Peters", ""), ("Hendriks", ""), ("Dekker", ""),
    ("Brouwer", ""), ("Dijkstra", ""), ("Kok", ""), ("Jacobs", ""), ("Vermeulen", ""), ("Willems", ""),
    ("Hoekstra", ""), ("Koster", ""), ("Prins", ""), ("Huisman", ""), ("Kuipers", ""), ("Veenstra", ""),
    ("Kramer", ""), ("Schouten", ""), ("Post", ""), ("Wolters", ""), ("Timmermans", ""), ("Groot", "de"),
    ("Berg", "van den"), ("Berg", "van der"), ("Dijk", "van"), ("Leeuwen", "van"), ("Beek", "van der"),
    ("Wal", "van der"), ("Heuvel", "van den"), ("Brink", "van den"), ("Haan", "de"), ("Jong", "de"),
    ("Boer", "de"), ("Graaf", "de"), ("Wit", "de"), ("Bruijn", "de"), ("Veen", "ter"), ("Horst", "ter"),
    ("Velde", "van de"), ("Hoven", "van 't"), ("Laan", "van der"), ("Linden", "van der"), ("Vliet", "van"),
    ("Daniëls", ""), ("Geërts", ""), ("Noël", ""), ("Hoëvenaars", ""), ("Boëtius", ""), ("Maës", ""),
    ("Çelik", ""), ("Öztürk", ""), ("Yilmaz", ""), ("Kaya", ""), ("Demir", ""), ("Aydin", ""),
    ("El Amrani", ""), ("Bouzid", ""), ("Ouali", ""), ("Boukhari", ""), ("Tahiri", ""), ("Ait Taleb", ""),
    ("Nguyen", ""), ("Tran", ""), ("Pinas", ""), ("Doelwijt", ""), ("Sitaldin", ""), ("Ramdin", ""),
    ("Kartosen", ""), ("Mendes", ""), ("Moreno", ""), ("Rossi", ""), ("Kowalski", ""), ("Nowak", ""),
    ("Lefèvre", ""), ("Müller", ""), ("Schäfer", ""), ("Ruiz", ""), ("Gonçalves", ""), ("Eriksen", ""),
    ("Kroon", ""), ("Blom", ""), ("Hermans", ""), ("Sanders", ""), ("Maas", ""), ("Koning", "de"),
    ("Ridder", "de"), ("Lange", "de"), ("Meer", "van der"), ("Zanden", "van der"), ("Rijn", "van"),
];

/// Letters first names start with, weighted by repetition the way Dutch initials are.
pub const INITIAL_LETTERS: &[char] = &[
    'A', 'A', 'A', 'B', 'C', 'D', 'E', 'E', 'F', 'G', 'H', 'H', 'I', 'J', 'J', 'J', 'J', 'K', 'L', 'M', 'M', 'M',
    'N', 'O', 'P', 'P', 'R', 'R', 'S', 'S', 'T', 'W', 'W', 'Y', 'Z',
];

/// Names of the market office's own people, per demo account.
pub const STAFF: &[(&str, &str)] = &[
    ("beheer", "Beheerder Marktbureau"),
    ("medewerker", "Sanne de Boer"),
    ("toezicht", "Ahmed el Amrani"),
    ("financien", "Joke Visser"),
];

pub const NOTES: &[&str] = &[
    "Kraam 14 lekt bij regen, aannemer gebeld.",
    "Stroomkast rij B valt af en toe uit.",
    "Politie vraagt om vrije doorgang bij de Ferdinand Bolstraat.",
    "Vuilniswagen komt een uur later.",
    "Klacht buurtbewoner over geluid bij het opbouwen.",
    "Reservekramen staan bij de ingang.",
    "Marktmeester ziek, vervanging geregeld.",
    "Glas op het trottoir bij plaats 40, reiniging ingelicht.",
    "Nieuwe sollicitant vraagt naar de wachtlijst.",
    "Lantaarnpaal bij rij C stuk, gemeld.",
];
