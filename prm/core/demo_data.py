"""Word lists for sample data: varied enough to look like a consultant's network."""

GIVEN_NAMES = """Aisha Akira Alejandro Alice Amara Ana Andrea Anil Anna Arjun Astrid Ben Bianca Boris
Camille Carlos Chen Chiara Chloe Daniel Dario David Diego Elena Elif Emeka Emma Erik Fatima Felix
Fiona Francesca Gabriel Grace Hana Hannah Hugo Ibrahim Ingrid Isabel Ivan Jack James Jana Javier
Jin Joanna Jonas Julia Kai Kamala Karim Kate Kenji Lars Laura Leila Lena Leo Liam Lucia Luis Maja
Marco Maria Mateo Mei Mia Miguel Mohammed Nadia Naomi Nikhil Nina Noah Olga Oliver Omar Paolo Pedro
Priya Rafael Rahul Ravi Rosa Sakura Samuel Sara Sean Sofia Sven Tariq Thomas Tomasz Valentina Victor
Wei Yara Yusuf Zara Zoe""".split()

FAMILY_NAMES = """Abe Adeyemi Ahmed Andersen Bauer Becker Bernard Bianchi Brown Castillo Chen Cohen Costa
Oliveira Dubois Eriksson Fernandes Fischer Fontaine Garcia Gomez Gupta Hansen Hoffmann Huang Ibrahim
Ito Jansen Jensen Johansson Kaur Khan Kim Kowalski Kumar Larsen Laurent Lee Lindqvist Lopez Martin
Martinez Meyer Moreau Morris Müller Nakamura Nguyen Novak Nowak O'Brien Okafor Olsen Park Patel Peters
Petrov Quinn Rossi Sanchez Santos Sato Schmidt Schneider Silva Singh Smith Sousa Suzuki Tanaka Taylor
Thompson Tran Visser Vargas Wagner Wang Weber Williams Wilson Wójcik Yamamoto Yilmaz Zhang""".split()

COMPANIES = [
    ("Northwind Logistics", "northwind.example"),
    ("Blue Harbor Capital", "blueharbor.example"),
    ("Contoso Health", "contoso.example"),
    ("Fabrikam Energy", "fabrikam.example"),
    ("Lumen Analytics", "lumen.example"),
    ("Atlas Retail Group", "atlasretail.example"),
    ("Helix Biotech", "helixbio.example"),
    ("Quarry & Stone Architects", "quarrystone.example"),
    ("Greenfield Foods", "greenfield.example"),
    ("Orbit Telecom", "orbittel.example"),
    ("Meridian Insurance", "meridian.example"),
    ("Pioneer Manufacturing", "pioneer.example"),
    ("Silverline Software", "silverline.example"),
    ("Tidewater Shipping", "tidewater.example"),
    ("Vertex Consulting", "vertex.example"),
    ("Willow Creek Hotels", "willowcreek.example"),
    ("Zenith Aerospace", "zenith.example"),
    ("Cobalt Mining", "cobalt.example"),
    ("Redwood Publishing", "redwood.example"),
    ("Summit Pharma", "summitpharma.example"),
    ("Harbor City Council", "harborcity.example"),
    ("Nimbus Cloud", "nimbus.example"),
    ("Kestrel Ventures", "kestrel.example"),
    ("Aurora Foundation", "aurora.example"),
]

DEPARTMENTS = ["Operations", "Finance", "Strategy", "IT", "Marketing", "Sales", "HR", "Legal",
               "Procurement", "Product", "Research", ""]
TITLES = ["CEO", "CFO", "COO", "CTO", "VP Operations", "Head of Strategy", "Director of IT",
          "Marketing Director", "Procurement Manager", "Product Lead", "Partner", "Founder",
          "Chief of Staff", "Program Manager", "Analyst", "Board Member", "General Counsel"]

PLACES = [  # city, region, country, timezone, phone prefix
    ("London", "", "United Kingdom", "Europe/London", "+44 20 7946 "),
    ("Berlin", "", "Germany", "Europe/Berlin", "+49 30 901820"),
    ("Paris", "", "France", "Europe/Paris", "+33 1 44 55 "),
    ("Madrid", "", "Spain", "Europe/Madrid", "+34 91 123 "),
    ("Stockholm", "", "Sweden", "Europe/Stockholm", "+46 8 123 "),
    ("New York", "NY", "United States", "America/New_York", "+1 212 555 "),
    ("San Francisco", "CA", "United States", "America/Los_Angeles", "+1 415 555 "),
    ("Chicago", "IL", "United States", "America/Chicago", "+1 312 555 "),
    ("Toronto", "ON", "Canada", "America/Toronto", "+1 416 555 "),
    ("São Paulo", "SP", "Brazil", "America/Sao_Paulo", "+55 11 3003 "),
    ("Tokyo", "", "Japan", "Asia/Tokyo", "+81 3 1234 "),
    ("Singapore", "", "Singapore", "Asia/Singapore", "+65 6123 "),
    ("Mumbai", "MH", "India", "Asia/Kolkata", "+91 22 2345 "),
    ("Sydney", "NSW", "Australia", "Australia/Sydney", "+61 2 9876 "),
    ("Lagos", "", "Nigeria", "Africa/Lagos", "+234 1 234 "),
    ("Dubai", "", "United Arab Emirates", "Asia/Dubai", "+971 4 123 "),
]

STREETS = ["High Street", "Market Square", "Harbour Road", "King's Avenue", "Station Road",
           "Park Lane", "Rue de la Paix", "Hauptstraße", "Main Street", "Elm Street"]

TAGS = ["Client", "Prospect", "Referrer", "Partner", "Alumni", "Board", "Conference",
        "Former client", "Investor", "Press", "Mentor", "VIP"]

INTERESTS = ["supply chain", "AI", "leadership", "sustainability", "cycling", "jazz",
             "wine", "sailing", "golf", "data privacy", "pricing", "M&A", "hiring",
             "remote work", "architecture", "running", "cooking", "history", "football",
             "photography", "cybersecurity", "healthcare policy", "energy transition"]

COFFEE = ["flat white", "black, no sugar", "oat latte", "espresso", "green tea instead",
          "cappuccino", "decaf", ""]
FOOD = ["loves Italian", "sushi", "vegetarian-friendly places", "steakhouses",
        "anything spicy", "local bakeries", ""]
DIETARY = ["vegetarian", "vegan", "no pork", "gluten-free", "lactose intolerant",
           "no alcohol", "", "", ""]
CULTURE = ["prefers formal address", "no business talk over lunch", "punctual — arrive early",
           "likes a hand-written note", "avoid calls before 10am", ""]
HOW_WE_MET = ["Industry conference", "Introduced by a client", "LinkedIn", "Former colleague",
              "University alumni event", "Workshop I ran", "Board dinner", "Cold email", ""]
CHANNEL_WEIGHTS = [("email", 5), ("call", 3), ("text", 3), ("video", 2), ("in_person", 2),
                   ("social", 1), ("", 3)]
RELATION_CHOICES = ["colleague", "reports_to", "assistant_to", "introduced_by"]

# Own tier for some contacts (by tier name), the rest follow their tags.
TIER_WEIGHTS = [("Inner circle", 4), ("Clients", 20), ("Network", 30), ("Acquaintances", 20),
                ("No cadence", 6), (None, 20)]
TAG_TIERS = {"Client": "Clients", "VIP": "Inner circle", "Board": "Inner circle",
             "Prospect": "Network", "Referrer": "Network", "Investor": "Network"}
# Where a contact stands against their rhythm: on track, due, overdue, drifting.
RHYTHM_STATES = [((0.0, 0.9), 55), ((1.0, 1.45), 22), ((1.5, 4.0), 15), ((2.2, 3.0), 8)]
TOUCH_CHANNEL_WEIGHTS = [("email", 30), ("call", 15), ("text", 12), ("video", 10),
                         ("meeting", 10), ("in_person", 8), ("social", 6), ("voicemail", 3),
                         ("letter", 1), ("article", 3), ("gift", 1), ("event", 1)]
SUMMARIES = {
    "email": ["Sent the proposal draft", "Shared meeting notes", "Quick check-in",
              "Replied about the timeline", "Intro to a potential partner"],
    "call": ["Catch-up call", "Scoping call", "Discussed the Q3 plan", "Called about renewal"],
    "text": ["Congratulated on the launch", "Confirmed lunch", "Quick hello"],
    "video": ["Steering committee", "Workshop prep", "Quarterly review"],
    "meeting": ["Kick-off meeting", "Strategy session", "Board prep"],
    "in_person": ["Lunch", "Coffee", "Dinner after the conference"],
    "social": ["Commented on their post", "Congratulated on new role"],
    "voicemail": ["Left a voicemail"],
    "letter": ["Hand-written thank-you note"],
    "article": ["Sent an article on pricing", "Shared a case study"],
    "gift": ["Sent a book"],
    "event": ["Met at their product launch"],
}
