/** Word lists for the fake-data generator: large enough that 200 records look varied. */

export const FIRST_NAMES: readonly string[] = (
  "James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard Susan Joseph Jessica " +
  "Thomas Sarah Christopher Karen Charles Lisa Daniel Nancy Matthew Betty Anthony Sandra Mark Margaret Donald Ashley " +
  "Steven Kimberly Andrew Emily Paul Donna Joshua Michelle Kenneth Carol Kevin Amanda Brian Melissa George Deborah " +
  "Timothy Stephanie Ronald Dorothy Jason Rebecca Edward Sharon Jeffrey Laura Ryan Cynthia Jacob Amy Gary Kathleen " +
  "Nicholas Angela Eric Shirley Jonathan Brenda Stephen Emma Larry Anna Justin Pamela Scott Nicole Brandon Samantha " +
  "Benjamin Katherine Samuel Christine Gregory Debra Alexander Rachel Patrick Carolyn Frank Janet Raymond Maria " +
  "Jack Olivia Dennis Heather Jerry Helen Tyler Catherine Aaron Diane Jose Julie Adam Victoria Nathan Joyce Henry " +
  "Lauren Zachary Kelly Douglas Christina Peter Ruth Kyle Joan Noah Virginia Ethan Judith Jeremy Evelyn Walter " +
  "Hannah Christian Andrea Keith Megan Roger Cheryl Terry Jacqueline Austin Madison Sean Teresa Gerald Abigail Carl " +
  "Sophia Harold Martha Dylan Sara Arthur Gloria Lawrence Janice Jordan Kathryn Jesse Ann Bryan Isabella Billy Judy " +
  "Bruce Charlotte Gabriel Julia Joe Grace Logan Amber Alan Alice Juan Jean Albert Denise Willie Frances Elijah " +
  "Danielle Wayne Marilyn Randy Natalie Vincent Beverly Mason Diana Roy Brittany Ralph Theresa Bobby Kayla Russell " +
  "Alexis Bradley Doris Philip Lori Eugene Tiffany Priya Mei Hiroshi Yuki Aisha Omar Fatima Ahmed Chen Wei Ananya " +
  "Rahul Sofia Mateo Lucia Diego Camila Luis Valentina Carlos Ingrid Lars Astrid Sven Freya Tariq Leila Kwame Amara " +
  "Chidi Ngozi Dmitri Olga Ivan Katya Marco Giulia Pierre Camille Hugo Chloe Finn Aoife Siobhan Declan Rosa Pablo"
).split(" ");

export const LAST_NAMES: readonly string[] = (
  "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson Anderson " +
  "Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis Robinson Walker Young " +
  "Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter " +
  "Roberts Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook " +
  "Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks " +
  "Chavez Wood James Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers Long Ross Foster " +
  "Jimenez Powell Jenkins Perry Russell Sullivan Bell Coleman Butler Henderson Barnes Gonzales Fisher Vasquez Simmons " +
  "Romero Jordan Patterson Alexander Hamilton Graham Reynolds Griffin Wallace Moreno West Cole Hayes Bryant Herrera " +
  "Gibson Ellis Tran Medina Aguilar Stevens Murray Ford Castro Marshall Owens Harrison Fernandez McDonald Woods " +
  "Washington Kennedy Wells Vargas Henry Chen Freeman Webb Tucker Guzman Burns Crawford Olson Simpson Porter Hunter " +
  "Gordon Mendez Silva Shaw Snyder Mason Dixon Munoz Hunt Hicks Holmes Palmer Wagner Black Robertson Boyd Rose Stone " +
  "Salazar Fox Warren Mills Meyer Rice Schmidt Garza Daniels Ferguson Nichols Stephens Soto Weaver Ryan Gardner Payne " +
  "Grant Dunn Kelley Spencer Hawkins Arnold Pierce Vazquez Hansen Peters Santos Hart Bradley Knight Elliott " +
  "Cunningham Duncan Armstrong Hudson Carroll Lane Riley Andrews Alvarado Ray Delgado Berry Perkins Hoffman Johnston " +
  "Matthews Pena Richards Contreras Willis Carpenter Lawrence Sandoval Nash Okafor Tanaka Yamamoto Kowalski Novak " +
  "Larsen Lindqvist Moretti Rossi Dubois Laurent Schneider Becker Ivanova Petrov Haddad Khan Singh Sharma Gupta Wong"
).split(" ");

export const JOB_TITLES: readonly string[] = [
  "Accountant", "Actuary", "Administrator, education", "Advertising account executive", "Aeronautical engineer",
  "Agricultural consultant", "Air traffic controller", "Airline pilot", "Animal nutritionist", "Architect",
  "Archivist", "Art therapist", "Astronomer", "Audiologist", "Barrister", "Biomedical scientist", "Bookseller",
  "Broadcast journalist", "Building surveyor", "Careers adviser", "Cartographer", "Chartered loss adjuster",
  "Chemical engineer", "Chief Executive Officer", "Chief Financial Officer", "Chief Technology Officer",
  "Civil engineer, contracting", "Clinical psychologist", "Commercial horticulturist", "Community pharmacist",
  "Conservation officer, nature", "Copywriter, advertising", "Counsellor", "Curator", "Customer service manager",
  "Data scientist", "Database administrator", "Dentist", "Designer, graphic", "Designer, interior/spatial",
  "Development worker, community", "Dietitian", "Diplomatic Services operational officer", "Doctor, general practice",
  "Economist", "Editor, magazine features", "Electrical engineer", "Energy engineer", "Engineer, maintenance",
  "Environmental consultant", "Estate agent", "Event organiser", "Exhibition designer", "Financial adviser",
  "Financial trader", "Firefighter", "Fisheries officer", "Forensic scientist", "Geologist, engineering",
  "Geophysicist/field seismologist", "Health and safety inspector", "Historic buildings inspector", "Horticultural therapist",
  "Hospital doctor", "Hotel manager", "Human resources officer", "Hydrologist", "Illustrator", "Information officer",
  "Insurance underwriter", "Interpreter", "IT consultant", "Journalist, newspaper", "Landscape architect",
  "Learning mentor", "Librarian, public", "Licensed conveyancer", "Logistics and distribution manager",
  "Management consultant", "Marine scientist", "Market researcher", "Marketing executive", "Mechanical engineer",
  "Medical physicist", "Merchandiser, retail", "Meteorologist", "Microbiologist", "Midwife", "Museum education officer",
  "Music therapist", "Network engineer", "Nurse, adult", "Occupational therapist", "Oceanographer", "Optometrist",
  "Paramedic", "Patent attorney", "Pharmacologist", "Photographer", "Physiotherapist", "Police officer",
  "Politician's assistant", "Primary school teacher", "Probation officer", "Product designer", "Production engineer",
  "Programmer, applications", "Programmer, systems", "Psychiatrist", "Public relations officer", "Quantity surveyor",
  "Radiographer, diagnostic", "Research scientist (life sciences)", "Sales executive", "Secondary school teacher",
  "Social worker", "Software engineer", "Solicitor", "Sound technician, broadcasting/film/video", "Speech and language therapist",
  "Sports coach", "Statistician", "Structural engineer", "Surveyor, land/geomatics", "Systems analyst", "Tax adviser",
  "Teacher, early years/pre", "Technical writer", "Television producer", "Tourism officer", "Town planner",
  "Translator", "Travel agency manager", "Tree surgeon", "Veterinary surgeon", "Video editor", "Warehouse manager",
  "Water engineer", "Web designer", "Wellsite geologist", "Writer", "Youth worker", "Zoologist",
];

export const STREET_NAMES: readonly string[] = (
  "Maple Oak Pine Cedar Elm Willow Birch Walnut Chestnut Spruce Hickory Magnolia Juniper Cypress Aspen Poplar " +
  "Sycamore Laurel Hawthorn Holly Meadow Valley Ridge Hill Lake River Spring Forest Park Highland Sunset Sunrise " +
  "Harbor Bay Canyon Prairie Orchard Mill Church Market Bridge Station Colonial Heritage Liberty Franklin Lincoln " +
  "Jefferson Madison Adams Washington Jackson Monroe Grant Center Main Broad High Union Railroad Summit Fairview " +
  "Garden Rose Lilac Ivy Clover Heather Briar Fox Deer Eagle Hawk Robin Sparrow Bluebird Quail"
).split(" ");

export const STREET_SUFFIXES: readonly string[] = [
  "Street", "Avenue", "Road", "Lane", "Drive", "Court", "Place", "Way", "Boulevard", "Terrace", "Circle", "Trail",
  "Parkway", "Crossing", "Square", "Ridge", "Pass", "Loop", "Path", "Row", "Walk", "Green", "Heights", "Point",
];

export const CITY_PREFIXES: readonly string[] = ["North", "South", "East", "West", "New", "Lake", "Port", "Fort", "Mount", "Saint"];

export const CITY_SUFFIXES: readonly string[] = [
  "ton", "ville", "burgh", "stad", "fort", "haven", "side", "view", "mouth", "bury", "land", "shire", "port", "berg",
  "furt", "borough", "chester", "field", "ford", "dale", "wood", "mont",
];

export const STATE_CODES: readonly string[] = (
  "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR " +
  "PA RI SC SD TN TX UT VT VA WA WV WI WY DC AS GU MP PR VI"
).split(" ");

export const COMPANY_SUFFIXES: readonly string[] = ["LLC", "Inc", "Group", "PLC", "Ltd", "and Sons", "Co", "Partners"];

export const EMAIL_DOMAINS: readonly string[] = ["example.com", "example.net", "example.org"];

export const DEPARTMENT_NAMES: readonly string[] = ["Engineering", "HR", "Finance", "Sales"];
