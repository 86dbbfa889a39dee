"""England's local authorities for synthetic data: ONS code, name, DfE LA number, postcode areas.

`--las K` takes the first K rows, so neighbours in this list are where generated families move
from. The DfE number is the one stamped into unique pupil numbers; authorities created after 2011
use their predecessor's, as UPNs issued before a reorganisation do. Phone numbers come from
Ofcom's ranges reserved for drama (never allocated), one per region.
"""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Place:
    code: str
    name: str
    dfe: int
    postcode_areas: tuple[str, ...]
    phone_prefix: str
    """E.164 prefix of a drama range (e.g. 020 7946 0xxx): three digits complete a number."""

    @property
    def slug(self) -> str:
        return "".join(ch for ch in self.name.lower() if ch.isalnum())


_LONDON = "+442079460"
_LEEDS = "+441134960"
_SHEFFIELD = "+441144960"
_NOTTINGHAM = "+441154960"
_LEICESTER = "+441164960"
_BRISTOL = "+441174960"
_READING = "+441184960"
_BIRMINGHAM = "+441214960"
_MANCHESTER = "+441614960"
_NEWCASTLE = "+441914980"

_ROWS: tuple[tuple[str, str, int, str, str], ...] = (
    ("E09000009", "Ealing", 307, "W UB", _LONDON),
    ("E09000013", "Hammersmith and Fulham", 205, "W SW", _LONDON),
    ("E09000018", "Hounslow", 313, "TW", _LONDON),
    ("E09000033", "Westminster", 213, "W SW NW", _LONDON),
    ("E09000020", "Kensington and Chelsea", 207, "W SW", _LONDON),
    ("E09000005", "Brent", 304, "NW HA", _LONDON),
    ("E09000015", "Harrow", 310, "HA", _LONDON),
    ("E09000017", "Hillingdon", 312, "UB", _LONDON),
    ("E09000027", "Richmond upon Thames", 318, "TW", _LONDON),
    ("E09000021", "Kingston upon Thames", 314, "KT", _LONDON),
    ("E09000032", "Wandsworth", 212, "SW", _LONDON),
    ("E09000022", "Lambeth", 208, "SE SW", _LONDON),
    ("E09000028", "Southwark", 210, "SE", _LONDON),
    ("E09000023", "Lewisham", 209, "SE", _LONDON),
    ("E09000011", "Greenwich", 203, "SE", _LONDON),
    ("E09000004", "Bexley", 303, "DA", _LONDON),
    ("E09000006", "Bromley", 305, "BR", _LONDON),
    ("E09000008", "Croydon", 306, "CR", _LONDON),
    ("E09000029", "Sutton", 319, "SM", _LONDON),
    ("E09000024", "Merton", 315, "SW CR", _LONDON),
    ("E09000007", "Camden", 202, "NW WC", _LONDON),
    ("E09000019", "Islington", 206, "N", _LONDON),
    ("E09000012", "Hackney", 204, "E N", _LONDON),
    ("E09000030", "Tower Hamlets", 211, "E", _LONDON),
    ("E09000025", "Newham", 316, "E", _LONDON),
    ("E09000031", "Waltham Forest", 320, "E", _LONDON),
    ("E09000026", "Redbridge", 317, "IG", _LONDON),
    ("E09000002", "Barking and Dagenham", 301, "IG RM", _LONDON),
    ("E09000016", "Havering", 311, "RM", _LONDON),
    ("E09000010", "Enfield", 308, "EN N", _LONDON),
    ("E09000014", "Haringey", 309, "N", _LONDON),
    ("E09000003", "Barnet", 302, "N NW EN", _LONDON),
    ("E09000001", "City of London", 201, "EC", _LONDON),
    ("E08000025", "Birmingham", 330, "B", _BIRMINGHAM),
    ("E08000028", "Sandwell", 333, "B", _BIRMINGHAM),
    ("E08000029", "Solihull", 334, "B", _BIRMINGHAM),
    ("E08000027", "Dudley", 332, "DY", _BIRMINGHAM),
    ("E08000030", "Walsall", 335, "WS", _BIRMINGHAM),
    ("E08000031", "Wolverhampton", 336, "WV", _BIRMINGHAM),
    ("E08000026", "Coventry", 331, "CV", _BIRMINGHAM),
    ("E08000003", "Manchester", 352, "M", _MANCHESTER),
    ("E08000006", "Salford", 355, "M", _MANCHESTER),
    ("E08000009", "Trafford", 358, "M WA", _MANCHESTER),
    ("E08000007", "Stockport", 356, "SK", _MANCHESTER),
    ("E08000008", "Tameside", 357, "SK OL", _MANCHESTER),
    ("E08000004", "Oldham", 353, "OL", _MANCHESTER),
    ("E08000005", "Rochdale", 354, "OL", _MANCHESTER),
    ("E08000002", "Bury", 351, "BL", _MANCHESTER),
    ("E08000001", "Bolton", 350, "BL", _MANCHESTER),
    ("E08000010", "Wigan", 359, "WN", _MANCHESTER),
    ("E08000013", "St Helens", 342, "WA", _MANCHESTER),
    ("E08000011", "Knowsley", 340, "L", _MANCHESTER),
    ("E08000012", "Liverpool", 341, "L", _MANCHESTER),
    ("E08000014", "Sefton", 343, "L PR", _MANCHESTER),
    ("E08000015", "Wirral", 344, "CH", _MANCHESTER),
    ("E08000035", "Leeds", 383, "LS", _LEEDS),
    ("E08000032", "Bradford", 380, "BD", _LEEDS),
    ("E08000033", "Calderdale", 381, "HX", _LEEDS),
    ("E08000034", "Kirklees", 382, "HD", _LEEDS),
    ("E08000036", "Wakefield", 384, "WF", _LEEDS),
    ("E08000019", "Sheffield", 373, "S", _SHEFFIELD),
    ("E08000018", "Rotherham", 372, "S", _SHEFFIELD),
    ("E08000016", "Barnsley", 370, "S", _SHEFFIELD),
    ("E08000017", "Doncaster", 371, "DN", _SHEFFIELD),
    ("E08000021", "Newcastle upon Tyne", 391, "NE", _NEWCASTLE),
    ("E08000037", "Gateshead", 390, "NE", _NEWCASTLE),
    ("E08000022", "North Tyneside", 392, "NE", _NEWCASTLE),
    ("E08000023", "South Tyneside", 393, "NE", _NEWCASTLE),
    ("E08000024", "Sunderland", 394, "SR", _NEWCASTLE),
    ("E06000047", "County Durham", 840, "DH DL", _NEWCASTLE),
    ("E06000057", "Northumberland", 929, "NE", _NEWCASTLE),
    ("E06000001", "Hartlepool", 805, "TS", _NEWCASTLE),
    ("E06000002", "Middlesbrough", 806, "TS", _NEWCASTLE),
    ("E06000003", "Redcar and Cleveland", 807, "TS", _NEWCASTLE),
    ("E06000004", "Stockton-on-Tees", 808, "TS", _NEWCASTLE),
    ("E06000005", "Darlington", 841, "DL", _NEWCASTLE),
    ("E06000063", "Cumberland", 909, "CA", _NEWCASTLE),
    ("E06000064", "Westmorland and Furness", 909, "LA", _MANCHESTER),
    ("E10000017", "Lancashire", 888, "PR BB", _MANCHESTER),
    ("E06000008", "Blackburn with Darwen", 889, "BB", _MANCHESTER),
    ("E06000009", "Blackpool", 890, "FY", _MANCHESTER),
    ("E06000006", "Halton", 876, "WA", _MANCHESTER),
    ("E06000007", "Warrington", 877, "WA", _MANCHESTER),
    ("E06000049", "Cheshire East", 895, "CW SK", _MANCHESTER),
    ("E06000050", "Cheshire West and Chester", 896, "CH", _MANCHESTER),
    ("E06000065", "North Yorkshire", 815, "YO HG", _LEEDS),
    ("E06000014", "York", 816, "YO", _LEEDS),
    ("E06000010", "Kingston upon Hull", 810, "HU", _LEEDS),
    ("E06000011", "East Riding of Yorkshire", 811, "HU YO", _LEEDS),
    ("E06000012", "North East Lincolnshire", 812, "DN", _SHEFFIELD),
    ("E06000013", "North Lincolnshire", 813, "DN", _SHEFFIELD),
    ("E10000019", "Lincolnshire", 925, "LN PE", _NOTTINGHAM),
    ("E06000018", "Nottingham", 892, "NG", _NOTTINGHAM),
    ("E10000024", "Nottinghamshire", 891, "NG", _NOTTINGHAM),
    ("E06000015", "Derby", 831, "DE", _NOTTINGHAM),
    ("E10000007", "Derbyshire", 830, "DE S", _NOTTINGHAM),
    ("E06000016", "Leicester", 856, "LE", _LEICESTER),
    ("E10000018", "Leicestershire", 855, "LE", _LEICESTER),
    ("E06000017", "Rutland", 857, "LE", _LEICESTER),
    ("E06000061", "North Northamptonshire", 928, "NN", _LEICESTER),
    ("E06000062", "West Northamptonshire", 928, "NN", _LEICESTER),
    ("E10000031", "Warwickshire", 937, "CV", _BIRMINGHAM),
    ("E10000034", "Worcestershire", 885, "WR", _BIRMINGHAM),
    ("E06000019", "Herefordshire", 884, "HR", _BIRMINGHAM),
    ("E06000051", "Shropshire", 893, "SY", _BIRMINGHAM),
    ("E06000020", "Telford and Wrekin", 894, "TF", _BIRMINGHAM),
    ("E10000028", "Staffordshire", 860, "ST WS", _BIRMINGHAM),
    ("E06000021", "Stoke-on-Trent", 861, "ST", _BIRMINGHAM),
    ("E10000013", "Gloucestershire", 916, "GL", _BRISTOL),
    ("E06000023", "Bristol", 801, "BS", _BRISTOL),
    ("E06000025", "South Gloucestershire", 803, "BS", _BRISTOL),
    ("E06000024", "North Somerset", 802, "BS", _BRISTOL),
    ("E06000022", "Bath and North East Somerset", 800, "BA", _BRISTOL),
    ("E06000066", "Somerset", 933, "TA BA", _BRISTOL),
    ("E06000054", "Wiltshire", 865, "SN SP", _BRISTOL),
    ("E06000030", "Swindon", 866, "SN", _BRISTOL),
    ("E10000008", "Devon", 878, "EX", _BRISTOL),
    ("E06000026", "Plymouth", 879, "PL", _BRISTOL),
    ("E06000027", "Torbay", 880, "TQ", _BRISTOL),
    ("E06000052", "Cornwall", 908, "TR PL", _BRISTOL),
    ("E06000053", "Isles of Scilly", 420, "TR", _BRISTOL),
    ("E06000059", "Dorset", 835, "DT", _BRISTOL),
    ("E06000058", "Bournemouth, Christchurch and Poole", 836, "BH", _BRISTOL),
    ("E10000014", "Hampshire", 850, "SO GU", _READING),
    ("E06000045", "Southampton", 852, "SO", _READING),
    ("E06000044", "Portsmouth", 851, "PO", _READING),
    ("E06000046", "Isle of Wight", 921, "PO", _READING),
    ("E06000038", "Reading", 870, "RG", _READING),
    ("E06000037", "West Berkshire", 869, "RG", _READING),
    ("E06000041", "Wokingham", 872, "RG", _READING),
    ("E06000036", "Bracknell Forest", 867, "RG", _READING),
    ("E06000040", "Windsor and Maidenhead", 868, "SL", _READING),
    ("E06000039", "Slough", 871, "SL", _READING),
    ("E06000060", "Buckinghamshire", 825, "HP MK", _READING),
    ("E06000042", "Milton Keynes", 826, "MK", _READING),
    ("E10000025", "Oxfordshire", 931, "OX", _READING),
    ("E10000030", "Surrey", 936, "GU KT", _LONDON),
    ("E10000032", "West Sussex", 938, "RH BN", _LONDON),
    ("E06000043", "Brighton and Hove", 846, "BN", _LONDON),
    ("E10000011", "East Sussex", 845, "BN TN", _LONDON),
    ("E10000016", "Kent", 886, "ME CT TN", _LONDON),
    ("E06000035", "Medway", 887, "ME", _LONDON),
    ("E10000012", "Essex", 881, "CM CO SS", _LONDON),
    ("E06000033", "Southend-on-Sea", 882, "SS", _LONDON),
    ("E06000034", "Thurrock", 883, "RM", _LONDON),
    ("E10000015", "Hertfordshire", 919, "AL SG WD", _LONDON),
    ("E06000032", "Luton", 821, "LU", _LONDON),
    ("E06000056", "Central Bedfordshire", 823, "LU SG", _LONDON),
    ("E06000055", "Bedford", 822, "MK", _LONDON),
    ("E10000003", "Cambridgeshire", 873, "CB PE", _LEICESTER),
    ("E06000031", "Peterborough", 874, "PE", _LEICESTER),
    ("E10000020", "Norfolk", 926, "NR", _LEICESTER),
    ("E10000029", "Suffolk", 935, "IP", _LEICESTER),
)

PLACES: tuple[Place, ...] = tuple(
    Place(code, name, dfe, tuple(areas.split()), phone) for code, name, dfe, areas, phone in _ROWS
)
"""Every local authority the generator knows, in the order `--las K` takes them."""
